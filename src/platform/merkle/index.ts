// RFC 6962 / RFC 9162 Merkle trees stored as C2SP tlog-tiles. Domain-free: callers decide what a
// leaf is; this folder only hashes, proves, verifies and lays out tiles.
export { HASH_SIZE, leafHash, nodeHash, emptyRoot, hashesEqual } from './hash.ts';
export { RootAccumulator, rootFromLeafHashes } from './root.ts';
export { type HashSource, type NodeId, LeafHashSource, rootAt } from './hash-source.ts';
export { inclusionProof, consistencyProof } from './proofs.ts';
export { verifyInclusion, verifyConsistency, rootFromInclusionProof } from './verify.ts';
export { TILE_HEIGHT, TILE_WIDTH, type TileStore, type TileWrite, tileWidth, tilePath } from './tiles.ts';
export { TileHashSource } from './tile-hash-source.ts';
export { appendLeaves } from './tile-appender.ts';
export { MemoryTileStore } from './memory-tile-store.ts';
