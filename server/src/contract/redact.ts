/**
 * What text written by one person may show to everyone (个人信息保护法): phone numbers, ID
 * numbers and exact addresses masked, and the names of the people a record is about. The server
 * runs it on every public view (and on log lines); the mini-program runs it to show a reporter
 * what the public will see of what they wrote. Pure.
 */
import { maskName } from './format';

const ID_NUMBER = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])/g;
const MOBILE = /(?<![0-9])(1[3-9][0-9])[ -]?[0-9]{4}[ -]?([0-9]{4})(?![0-9])/g;
const LANDLINE = /(?<![0-9])(0[0-9]{2,3})[- ]?[0-9]{3,4}([0-9]{4})(?![0-9])/g;
/** Any other run of 7+ digits could be a number someone can be reached or identified by. */
const LONG_DIGITS = /[0-9]{7,}/g;
/** A room, unit or door number (501室, 2单元, 88号, 3户) — and a building number only when it leads into one (3栋2单元, 5号楼301). */
const ROOM = /[0-9]+(?=\s*(?:室|单元|户|号(?!楼)))/g;
const BUILDING = /[0-9]+(?=\s*(?:栋|幢|号楼|座)\s*[0-9]+)/g;
const ROOM_AFTER_BUILDING = /((?:栋|幢|号楼|座)\s*)([0-9]{3,4})(?![0-9])/g;

/** Phone and ID numbers only (log lines: an order number or a timing stays readable). */
export function redactNumbers(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2').replace(LANDLINE, '$1-****$2');
}

export function redactText(text: string, names: ReadonlyArray<string | null | undefined> = []): string {
  let out = redactNumbers(text)
    .replace(LONG_DIGITS, (run) => '*'.repeat(run.length))
    .replace(BUILDING, (n) => '*'.repeat(n.length))
    .replace(ROOM_AFTER_BUILDING, (_, head: string, room: string) => `${head}${'*'.repeat(room.length)}`)
    .replace(ROOM, (n) => '*'.repeat(n.length));
  for (const name of names) {
    const n = name?.trim();
    if (n && [...n].length >= 2) out = out.split(n).join(maskName(n));
  }
  return out;
}
