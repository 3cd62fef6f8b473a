/** Simplified Chinese catalog, typed against the English one so no key is missing. */
import type { en } from './en.ts';

export const zhCN: Record<keyof typeof en, string> = {
  'help.title': '服务台：/ticket',
  'help.body':
    '*/ticket* [问题描述] — 新建工单（文字会填入问题描述）\n' +
    '*/ticket show* <工单号> — 查看工单及其处理记录\n' +
    '*/ticket mine* — 我受理或负责的工单\n' +
    '*/ticket search* <关键词> — 按工单号、客户编号、手机尾号后4位或关键词查找\n' +
    '*/ticket customer* <客户编号或手机号> — 客户的历史工单\n' +
    '*/ticket export* [开始日期] [结束日期] — 主管导出 CSV（日期格式 YYYY-MM-DD）\n' +
    '*/ticket help* — 本帮助\n' +
    '也可以在任意消息上通过 ⋯ → *Create ticket（新建工单）* 创建工单。',
  'help.unknown': '无法理解“{input}”。',
  'error.generic': '系统出现问题，未做任何更改。请稍后重试。',
  'error.database': '服务台暂时无法连接数据库，未做任何更改。请稍后重试。',
};
