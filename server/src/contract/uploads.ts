/** A stored photo. `url` is served by the server with access control (/api/uploads/:id). */
export interface PhotoView {
  id: number;
  mime: string;
  size: number;
  url: string;
  /** WeChat's image content check, on the uploader's own copy: 审核中 until it passes. */
  check?: UploadCheckStatus;
}

export type UploadCheckStatus = 'none' | 'pending' | 'pass' | 'risky';

export interface UploadCheck {
  check: UploadCheckStatus;
}
