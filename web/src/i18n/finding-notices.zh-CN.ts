/** A finding's notice trail (its notices are deliveries of the delivery module: issue 14 item 2). */
export const findingNoticesZh = {
  rejected: '被对方服务器拒收',
  queueId: '对方邮件服务器已接收，队列号 {{id}}',
  reason: '原因：{{reason}}',
  chainBroken: '该告知记录的哈希链校验未通过',
};
