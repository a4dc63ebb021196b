import { redactText } from '../../../server/src/contract/redact';

/** What the public sees of text one person wrote (#14): numbers, exact addresses and the named people masked. */
describe('redactText (public text)', () => {
  it.each([
    ['有事请打我电话13712345678', '有事请打我电话137****5678'],
    ['电话 137 1234 5678', '电话 137****5678'],
    ['座机023-48661234找我', '座机023-****1234找我'],
    ['身份证110101199003071235', '身份证110101********1235'],
    ['银行卡6222021234567890123', '银行卡*******************'],
    ['住3栋2单元501室', '住*栋*单元***室'],
    ['家在5号楼301', '家在*号楼***'],
    ['文昌路88号', '文昌路**号'],
    ['3栋加装电梯', '3栋加装电梯'],
    ['楼道灯坏了一周', '楼道灯坏了一周'],
    ['2026年12月3日下午', '2026年12月3日下午'],
  ])('%s → %s', (text, shown) => {
    expect(redactText(text)).toBe(shown);
  });

  it('masks the names of the people the record is about, keeping the surname', () => {
    expect(redactText('王秀英老人独居，请联系王秀英的女儿', ['王秀英', null, '李'])).toBe('王**老人独居，请联系王**的女儿');
  });
});
