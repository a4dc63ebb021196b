/** The shared building blocks, under the names the volunteer pages import. */
export { FieldError, KV, Loading, Result, confirmDialog } from '../components/Basics';
