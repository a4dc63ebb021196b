import { Text, View } from '@tarojs/components';
import { isFullNeedView, type NeedAnyView } from '@contract/needs';
import { when } from '../utils/time';
import { StatusTag, UrgencyTag } from './NeedRow';
import { PhotoGrid } from './Photos';
import { RatingStars } from './RatingStars';
import './NeedSummary.scss';

export function placeText(need: NeedAnyView): string | null {
  const l = isFullNeedView(need) ? need.location : null;
  if (!l) return null;
  if (l.kind === 'residence') return [l.building, l.unit].filter(Boolean).join(' ') || null;
  if (l.kind === 'pin') return l.address;
  return '未填写位置';
}

/** The need itself: what, where, photos, and the result once there is one. */
export function NeedSummary({ need, staff }: { need: NeedAnyView; staff?: boolean }) {
  const place = placeText(need);
  const full = isFullNeedView(need) ? need : null;
  const r = full?.reporter;
  return (
    <View className='need-summary'>
      <View className='card'>
        <View className='need-summary__head'>
          <Text className='need-summary__title'>{need.title}</Text>
          <StatusTag status={need.status} label={need.statusLabel} />
        </View>
        <View className='need-summary__meta'>
          <Text className='need-summary__no'>{`#${need.id}`}</Text>
          <Text className='need-summary__category'>{need.category.label}</Text>
          <UrgencyTag urgency={need.urgency} label={need.urgencyLabel} />
          <Text className='need-summary__public'>{need.isPublic ? '公开' : '不公开'}</Text>
        </View>
        <Text className='need-summary__desc'>{need.description}</Text>
        {full?.publicPreview && need.isPublic ? (
          <View className='need-summary__preview'>
            <Text className='need-summary__preview-title'>其他人看到的是（电话、门牌号、姓名已隐去）：</Text>
            <Text className='need-summary__preview-text'>{`${full.publicPreview.title}：${full.publicPreview.description}`}</Text>
          </View>
        ) : null}
        <PhotoGrid photos={need.photos} />
        {place ? <Text className='need-summary__line'>{`位置：${place}`}</Text> : null}
        <Text className='need-summary__line'>{`反映时间：${when(need.createdAt)}`}</Text>
        {need.meTooCount > 0 ? <Text className='need-summary__line need-summary__metoo'>{`${need.meTooCount}位邻居也遇到了`}</Text> : null}
        {staff && r ? (
          <Text className='need-summary__line need-summary__reporter'>
            {r.proxy ? `代报：${r.proxyNameMasked ?? '居民'}${r.phoneMasked ? ` · ${r.phoneMasked}` : ''}` : `反映人：${r.nickname ?? '居民'}${r.phoneMasked ? ` · ${r.phoneMasked}` : ''}`}
          </Text>
        ) : null}
        {staff && full?.priority ? <Text className='need-summary__line'>{`优先级：${full.priority}`}</Text> : null}
      </View>

      {need.doneNote || need.evidencePhotos.length || need.lastReason || need.referredTo || need.rating ? (
        <View className='card need-result'>
          <Text className='form-label'>办理结果</Text>
          {need.doneNote ? <Text className='need-summary__desc need-result__note'>{need.doneNote}</Text> : null}
          <PhotoGrid photos={need.evidencePhotos} />
          {need.referredTo ? <Text className='need-summary__line'>{`已转交：${need.referredTo}`}</Text> : null}
          {need.lastReason ? <Text className='need-summary__line need-result__reason'>{`原因：${need.lastReason}`}</Text> : null}
          {need.mergedIntoId ? <Text className='need-summary__line'>{`已与需求 #${need.mergedIntoId} 合并办理`}</Text> : null}
          {need.rating ? (
            <View className='need-result__rating'>
              <Text className='need-summary__line'>居民评价</Text>
              <RatingStars value={need.rating} readOnly />
              {need.ratingComment ? <Text className='need-summary__desc'>{need.ratingComment}</Text> : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
