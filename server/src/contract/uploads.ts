/** A stored photo. `url` is served by the server with access control (/api/uploads/:id). */
export interface PhotoView {
  id: number;
  mime: string;
  size: number;
  url: string;
}
