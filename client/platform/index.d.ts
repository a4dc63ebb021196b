/**
 * Everything that differs between WeChat (index.weapp.ts) and the H5 demo (index.h5.ts).
 * Taro picks the file by TARO_ENV; TypeScript checks both against these declarations.
 */

/** How this platform proves who the user is to POST /api/auth/... */
export type LoginCredential = { kind: 'wechat'; code: string } | { kind: 'demo'; account: string };

export type SubscribeResult = 'accept' | 'reject' | 'unsupported';

/** A point picked on the map (Taro.chooseLocation). */
export interface PickedLocation {
  lat: number;
  lng: number;
  address: string;
}

export declare const platform: {
  readonly name: 'weapp' | 'h5';
  /** True where the getPhoneNumber button exists (WeChat only). */
  readonly canBindPhone: boolean;
  /**
   * A credential for logging in without asking the user, or null when the user has to choose
   * (H5 with no remembered demo account: show the login page).
   */
  loginCredential(): Promise<LoginCredential | null>;
  /** Remember the chosen demo account (H5); a no-op in WeChat. */
  rememberAccount(account: string | null): void;
  /** Scan a QR code; null when cancelled or unsupported. */
  scanCode(): Promise<string | null>;
  /** One-time subscribe messages (订阅消息), asked for at the step where the user acts. */
  requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeResult>>;
  /** True where a map pin can be picked (WeChat's chooseLocation). */
  readonly canChooseLocation: boolean;
  /** Pick a point on the map; null when cancelled, refused or unsupported (H5 shows a hint). */
  chooseLocation(): Promise<PickedLocation | null>;
  /**
   * Opens a downloaded document (a PDF certificate, an Excel ledger). WeChat opens it in its
   * viewer and answers true; H5 answers false and the page offers the file as a link.
   */
  openDocument(filePath: string, fileType: 'pdf' | 'xlsx'): Promise<boolean>;
};
