import { Global, Module } from '@nestjs/common';
import { ContentSecurity } from './content-security.service';
import { WechatClient } from './wechat.client';

@Global()
@Module({ providers: [WechatClient, ContentSecurity], exports: [WechatClient, ContentSecurity] })
export class WechatModule {}
