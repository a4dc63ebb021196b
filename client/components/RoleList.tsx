import { Text, View } from '@tarojs/components';
import type { RoleView } from '@contract/users';
import './RoleList.scss';

/** The roles a person holds, each with the place (node) it covers. */
export function RoleList({ roles }: { roles: RoleView[] }) {
  if (roles.length === 0) {
    return (
      <View className='role-list role-list--empty'>
        <Text className='muted'>暂无身份</Text>
      </View>
    );
  }
  return (
    <View className='role-list me-roles'>
      {roles.map((r) => (
        <View key={r.id} className='role-item' data-role={r.role}>
          <Text className={`role-tag role-tag--${r.role}`}>{r.roleLabel}</Text>
          <View className='role-item__where'>
            <Text className='role-item__node'>{r.nodeName}</Text>
            <Text className='role-item__meta'>
              {r.nodeLevelLabel}
              {r.orgName ? ` · ${r.orgName}` : ''}
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}
