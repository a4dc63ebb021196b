/** The storage behind every upload, injected as OBJECT_STORAGE. */
export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

/**
 * Where the bytes of photos live. Keys are the relative, random paths kept in `upload.path` and
 * `upload.thumb_path` (`2026/12/<32 hex>.jpg`); who may read one is decided by UploadsService
 * before it asks, so a storage never serves anyone directly.
 */
export interface ObjectStorage {
  /** 'local' (a folder on this server) or 's3' (a bucket every instance shares). */
  readonly kind: 'local' | 's3';
  /** Stores a new object; never overwrites (keys are random). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none under that key. */
  get(key: string): Promise<Buffer | null>;
  /** Throws when the storage cannot be used now (readiness). */
  check(): Promise<void>;
  /** Releases connections (shutdown). */
  close(): Promise<void>;
}
