import {
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type INumberingOptions,
} from 'docx';
import type { Block, Run } from './markdown-blocks.ts';
import { sectionBlocks } from './plan-tables.ts';
import { APPROVAL_HEADING, cleanText, NO_APPROVAL_TEXT, type LabelledRow, type PlanDocument } from './plan-document.ts';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const TEXT_WIDTH = 9026; // A4 (11906 twips) less the default 1440 margins either side
const MONO = 'Courier New';

type Numbering = INumberingOptions['config'][number];

/** Markdown runs as Word runs; `\n` becomes a line break inside the paragraph. */
function textRuns(runs: Run[], extra: { bold?: boolean } = {}): TextRun[] {
  return runs.flatMap((run) =>
    run.text.split('\n').map(
      (text, i) =>
        new TextRun({
          text,
          break: i > 0 ? 1 : undefined,
          bold: run.bold || extra.bold,
          italics: run.italic,
          strike: run.strike,
          font: run.code ? MONO : undefined,
        }),
    ),
  );
}

function table(rows: Run[][][], header: boolean): Table {
  const columns = rows.reduce((max, r) => Math.max(max, r.length), 1);
  const width = Math.floor(TEXT_WIDTH / columns);
  // Fixed layout makes Word wrap long words and hashes inside the cell instead of widening the table.
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: width * columns, type: WidthType.DXA },
    columnWidths: Array.from({ length: columns }, () => width),
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: header && r === 0,
          children: Array.from(
            { length: columns },
            (_, c) =>
              new TableCell({
                width: { size: width, type: WidthType.DXA },
                children: [new Paragraph({ children: textRuns(cells[c] ?? [], { bold: header && r === 0 }) })],
              }),
          ),
        }),
    ),
  });
}

/** Label/value rows (cover page, approval record): labels bold, values in the wider column. */
function labelledTable(rows: LabelledRow[]): Table {
  const widths = [Math.round(TEXT_WIDTH * 0.3), TEXT_WIDTH - Math.round(TEXT_WIDTH * 0.3)];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: rows.map(
      (row) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: widths[0]!, type: WidthType.DXA },
              children: [new Paragraph({ children: [new TextRun({ text: cleanText(row.label), bold: true })] })],
            }),
            new TableCell({
              width: { size: widths[1]!, type: WidthType.DXA },
              children: [new Paragraph({ children: textRuns([{ text: cleanText(row.value) }]) })],
            }),
          ],
        }),
    ),
  });
}

/** Walks blocks into Word paragraphs and tables; ordered lists each get their own numbering so they restart. */
function render(blocks: Block[], numbering: Numbering[], depth = 0, indent = 0): FileChild[] {
  const out: FileChild[] = [];
  const para = (runs: Run[], more: ConstructorParameters<typeof Paragraph>[0] & object = {}) =>
    new Paragraph({ children: textRuns(runs), indent: indent ? { left: indent } : undefined, ...more });
  for (const block of blocks) {
    if (block.type === 'heading')
      out.push(new Paragraph({ heading: HEADINGS[block.level - 1], children: textRuns(block.runs) }));
    else if (block.type === 'paragraph') out.push(para(block.runs));
    else if (block.type === 'code')
      out.push(...block.text.split('\n').map((line) => para([{ text: line, code: true }], { spacing: { after: 0 } })));
    else if (block.type === 'rule')
      out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } } }));
    else if (block.type === 'quote')
      out.push(...render(block.blocks, numbering, depth, Math.min(indent + 720, 720 * 6)));
    else if (block.type === 'table')
      out.push(table(block.header.length ? [block.header, ...block.rows] : block.rows, block.header.length > 0));
    else if (block.type === 'list') out.push(...list(block, numbering, depth));
  }
  return out;
}

function list(block: Extract<Block, { type: 'list' }>, numbering: Numbering[], depth: number): FileChild[] {
  const level = Math.min(depth, 8);
  const reference = `ordered-${numbering.length + 1}`;
  if (block.ordered) {
    numbering.push({
      reference,
      levels: Array.from({ length: 9 }, (_, l) => ({
        level: l,
        format: LevelFormat.DECIMAL,
        text: `%${l + 1}.`,
        start: block.start,
        style: { paragraph: { indent: { left: 720 * (l + 1), hanging: 360 } } },
      })),
    });
  }
  const out: FileChild[] = [];
  for (const item of block.items) {
    item.forEach((child, i) => {
      // The item's first paragraph carries the bullet or number; the rest sit under it, indented.
      if (i === 0 && child.type === 'paragraph') {
        out.push(
          new Paragraph({
            children: textRuns(child.runs),
            ...(block.ordered ? { numbering: { reference, level } } : { bullet: { level } }),
          }),
        );
      } else if (child.type === 'list') out.push(...list(child, numbering, depth + 1));
      else out.push(...render([child], numbering, depth + 1, 720 * Math.min(level + 1, 6)));
    });
  }
  return out;
}

/** A plan version as a .docx: cover page, the sections in order, then the approval record on its own page. */
export async function planToDocx(plan: PlanDocument): Promise<Buffer> {
  const numbering: Numbering[] = [];
  const body: FileChild[] = [];
  for (const section of plan.sections) {
    body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(cleanText(section.heading))] }));
    // A section is Heading 1; its own headings follow from Heading 2 (see sectionBlocks).
    body.push(...render(sectionBlocks(section, 1, plan.documents), numbering));
  }
  const approval: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(APPROVAL_HEADING)] }),
    plan.approval && plan.approval.rows.length > 0
      ? labelledTable(plan.approval.rows)
      : new Paragraph(NO_APPROVAL_TEXT),
  ];
  const footer = new Footer({
    children: [
      new Paragraph({
        children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
      }),
    ],
  });
  const page = { footers: { default: footer } };
  const document = new Document({
    title: cleanText(plan.title),
    creator: cleanText(plan.author ?? 'Custodian'),
    numbering: { config: numbering },
    sections: [
      {
        ...page,
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cleanText(plan.title))] }),
          labelledTable(plan.cover.rows),
        ],
      },
      { ...page, children: body.length ? body : [new Paragraph('')] },
      { ...page, children: approval },
    ],
  });
  return Packer.toBuffer(document);
}
