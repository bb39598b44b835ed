import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A leaf page of a table or index in the middle of the file, as SQLite's dbstat lists them. */
export const middleLeafPage = (file: string, name: string): { page: number; pageSize: number } => {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).pluck().all(name) as number[];
    if (pages.length < 3) throw new Error(`${file}: ${name} has ${pages.length} leaf pages, too few to damage one in the middle`);
    return { page: pages[Math.floor(pages.length / 2)], pageSize: db.pragma('page_size', { simple: true }) as number };
  } finally {
    db.close();
  }
};

/** Writes `bytes` over the file at `offset`, as a failing disk or a stray write would. */
export const overwrite = (file: string, offset: number, bytes: Buffer): void => {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
};

/** A whole page of zeros: its header no longer says what kind of page it is. */
export const zeroPage = (file: string, page: number, pageSize: number): void => overwrite(file, (page - 1) * pageSize, Buffer.alloc(pageSize));

/** The events a raw connection can no longer read, one position at a time: what a damaged page took. */
export const unreadablePositions = (file: string, last: number): number[] => {
  const db = new Database(file, { readonly: true });
  try {
    const read = db.prepare('SELECT data FROM events WHERE position = ?');
    const unreadable: number[] = [];
    for (let position = 1; position <= last; position++) {
      try {
        const row = read.get(position) as { data: string } | undefined;
        if (!row) unreadable.push(position);
        else JSON.parse(row.data);
      } catch {
        unreadable.push(position);
      }
    }
    return unreadable;
  } finally {
    db.close();
  }
};
