/** The shared building blocks, under the names the volunteer pages import. */
export { FieldError } from '../components/NeedForm';
export { KV, Loading, Result, confirmDialog } from '../components/Basics';
