import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { ObjectStorage } from './object-storage';

/** Photos as files under UPLOAD_DIR: the embedded demo and any one-server deployment (STORAGE=local). */
export class LocalFolderStorage implements ObjectStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const abs = this.absolute(key);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, body, { flag: 'wx' });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.absolute(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** The folder exists (or can be made) and this process may write into it. */
  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  async close(): Promise<void> {}

  private absolute(key: string): string {
    const abs = resolve(this.root, key);
    if (!abs.startsWith(this.root + sep)) throw new Error('upload path escapes UPLOAD_DIR');
    return abs;
  }
}
