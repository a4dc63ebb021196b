/**
 * Volunteer rules both sides apply, as pure functions (no imports): the record's hours and the
 * distance of a check-in (or of an activity from the phone, for the list's filter); and the one
 * path the API module needs. Kept apart from volunteers.ts (label maps, enum lists) so that the
 * main package, where the 志愿 tab and the API module live, carries only these few lines.
 */

/** Credited minutes as hours to one decimal, as the record and the certificate say them: 90 → 1.5. */
export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 10) / 10;

/** Great-circle distance in metres between two WGS-84 points (haversine): the check-in radius, the list's distance filter. */
export function distanceMeters(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(bLat - aLat);
  const dLng = rad(bLng - aLng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Where the certificate PDF is served (GET with the token). */
export const CERTIFICATE_PDF_PATH = '/api/volunteers/me/certificate.pdf';
