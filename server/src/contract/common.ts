/**
 * The wire contract shared by the server and the mini-program: what crosses HTTP, and the enums
 * and Chinese labels both sides show. Nothing in this folder imports a runtime package (no
 * typeorm, nest or taro; a unit test checks it): only plain types, `as const` lists and label maps.
 *
 * Every success response is `{ data: T }`; every failure is ErrorBody.
 */

/** A page of a list. Every staff list pages; none is capped silently. */
export interface Paged<T> {
  items: T[];
  /** All rows that match, not only this page's. */
  total: number;
}

/** `?limit=&offset=` of a paged list (limit 1–100, default 20). */
export interface PageInput {
  limit?: number;
  offset?: number;
}

export interface FieldError {
  /** The input field, dotted for nested ones (`location.pin`, `milestones.0.title`). */
  field: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    /** Stable, for programs (VALIDATION_FAILED, CONFLICT, CONTENT_REJECTED, …). */
    code: string;
    /** Chinese, for the person. */
    message: string;
    /** To quote when asking for help. */
    requestId: string;
    fields?: FieldError[];
  };
}

/** `{ id }` of something just created or changed, where the page fetches the view itself. */
export interface IdResult {
  id: number;
}
