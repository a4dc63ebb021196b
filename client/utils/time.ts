/** Times as people say them: 刚刚, 5分钟前, 3小时前, 3天前; dates as 11月22日 09:05. */

export function ago(iso: string, now: number = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  const min = Math.floor(ms / 60_000);
  if (min < 1) return '刚刚';
  if (min < 60) return `${min}分钟前`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}小时前`;
  const d = Math.floor(h / 24);
  if (d < 30) return `${d}天前`;
  const m = Math.floor(d / 30);
  return m < 12 ? `${m}个月前` : `${Math.floor(d / 365)}年前`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time, with the year only when it is not this year. */
export function when(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const day = `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getFullYear() === now.getFullYear() ? day : `${d.getFullYear()}年${day}`;
}
