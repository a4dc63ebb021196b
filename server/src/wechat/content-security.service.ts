import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors';
import { WechatApiError, WechatClient } from './wechat.client';

/** msgSecCheck scenes: 1 资料 (profile), 2 评论 (comment), 3 论坛 (post), 4 社交日志 (log). */
export type ContentScene = 1 | 2 | 3 | 4;

/**
 * Text that others will see passes WeChat's content-security check first. Call it before the
 * transaction that stores the text: a rejection stores nothing, and the network call never
 * holds a database transaction open.
 */
@Injectable()
export class ContentSecurity {
  constructor(private readonly wechat: WechatClient) {}

  async assertPublishable(texts: Array<{ field: string; label: string; text: string }>, openid: string, scene: ContentScene): Promise<void> {
    for (const { field, label, text } of texts) {
      if (!text.trim()) continue;
      let suggest: string;
      try {
        ({ suggest } = await this.wechat.msgSecCheck({ content: text, openid, scene }));
      } catch (err) {
        if (err instanceof WechatApiError) {
          throw new AppError(ErrorCode.WECHAT_UNAVAILABLE, '内容安全检查暂时不可用，请稍后再提交（内容未保存）');
        }
        throw err;
      }
      if (suggest !== 'pass') {
        throw new AppError(ErrorCode.CONTENT_REJECTED, `${label}含有不适宜公开的内容，请修改后再提交`, [
          { field, message: `${label}未通过内容安全检查` },
        ]);
      }
    }
  }
}
