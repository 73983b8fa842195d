import { crc32 } from 'node:zlib';

/**
 * Writes an uncompressed ("stored") zip of already-checked parts. The importer hands mammoth this
 * archive rather than the upload, so mammoth's own zip reader sees exactly the bytes that passed the
 * checks: no second opinion on lying headers, duplicate names or data hidden between entries.
 * Sizes are bounded by the import limits, far below the 4 GB where zip64 would be needed.
 */
export function storedZip(files: ReadonlyMap<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, fixed so output is reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    local.copy(central, 6, 4, 30); // version needed … name length: identical fields
    central.writeUInt16LE(0, 30); // extra length
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    locals.push(local, nameBytes, data);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
