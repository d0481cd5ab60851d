/** A finding's notice trail (its notices are deliveries of the delivery module: issue 14 item 2). */
export const findingNoticesEn = {
  rejected: 'Refused by the recipient server',
  queueId: "Accepted by the recipient's mail server, queue id {{id}}",
  reason: 'Reason: {{reason}}',
  chainBroken: "This notice's hash chain does not verify",
};
