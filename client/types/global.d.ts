/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.scss';
declare module '*.css';

/** API origin injected by config/index.ts: '' on H5 (same origin), the server URL on weapp. */
declare const API_BASE: string;
/** Subscribe-message template ids by server key, injected by config/index.ts ('' = not configured). */
declare const SUBSCRIBE_TEMPLATES: Record<string, string>;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | string;
    TARO_APP_ID?: string;
  }
}
