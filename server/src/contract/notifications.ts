import type { Paged } from './common';

/** Subscribe-message templates (wx.requestSubscribeMessage), by the server's key. */
export const TEMPLATE_KEYS = ['need_status', 'activity_reminder', 'fund_approval', 'urgent_need'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface InboxItem {
  id: number;
  title: string;
  body: string;
  /** The mini-program page the message opens, if any. */
  page: string | null;
  read: boolean;
  createdAt: string;
}

export interface InboxPage extends Paged<InboxItem> {
  unread: number;
}

export interface UnreadCount {
  unread: number;
}

/** Grants left per template key: the client asks again only when none is left. */
export type SubscriptionCredits = Record<string, number>;
