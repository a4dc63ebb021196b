import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Lifecycle } from '../common/lifecycle';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { LocalFolderStorage } from './local-storage';
import { OBJECT_STORAGE, type ObjectStorage } from './object-storage';
import { S3Storage } from './s3-storage';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';
import { WechatPushController } from './wechat-push.controller';

/** The photo storage STORAGE names: the local folder (default) or an S3-compatible bucket. */
export function createObjectStorage(config: AppConfig): ObjectStorage {
  return config.storage.kind === 's3' ? new S3Storage(config.storage) : new LocalFolderStorage(config.uploads.dir);
}

/** Registers the storage with readiness and closes its connections at shutdown. */
@Injectable()
class StorageLife implements OnApplicationShutdown {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    lifecycle: Lifecycle,
  ) {
    lifecycle.registerCheck('storage', storage.kind === 's3' ? '对象存储' : '照片存储目录', () => storage.check());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

@Module({
  imports: [NotificationsModule],
  controllers: [UploadsController, WechatPushController],
  providers: [{ provide: OBJECT_STORAGE, inject: [APP_CONFIG], useFactory: createObjectStorage }, StorageLife, UploadsService],
  exports: [UploadsService],
})
export class UploadsModule {}
