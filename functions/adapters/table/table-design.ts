// The single-table design, defined once: the CDK stack and the local/test table creation both read it,
// so the deployed table and DynamoDB Local cannot drift apart. Plain data, no AWS import.
//
// Access patterns (key shapes are built in items.ts (keyOf, partitionOf)):
//   item by id                        table    PK = <TYPE>#<id>                       SK = <TYPE> | META
//   incident history, its messages    table    PK = INCIDENT#<id>                     SK begins_with HISTORY# | SMS#  (SMS#<step>#<contact>, WhatsApp ...#whatsapp)
//   incidents by village and time     timeline GSI1PK = V#<village>#INCIDENT          GSI1SK = <reportedAt>#<id>
//   meetings by village and date      timeline GSI1PK = V#<village>#MEETING           GSI1SK = <heldOn>#<id>
//   a week's transitions and SMS      timeline GSI1PK = V#<village>#HISTORY | #SMS    GSI1SK = <at>#...
//   villages, contacts (all)          timeline GSI1PK = VILLAGES | CONTACTS           GSI1SK = <id>
//   contacts covering a village       timeline GSI1PK = V#<village>#CONTACT           GSI1SK = <contactId>
//   incidents routed to a contact     lookup   GSI2PK = ROUTED#<contactId>            GSI2SK = <reportedAt>#<incidentId>
//   contacts by village and kind      lookup   GSI2PK = V#<village>#KIND#<kind>       GSI2SK = <contactId>
//   contacts by kind                  lookup   GSI2PK = KIND#<kind>                   GSI2SK = <contactId>
//   linkages by village and status    lookup   GSI2PK = V#<village>#LINKAGE#<status>  GSI2SK = <createdAt>#<id>
//   linkages of a provider contact    lookup   GSI2PK = PROVIDER#<contactId>          GSI2SK = <createdAt>#<linkageId>
//   incidents reported by a caller    lookup   GSI2PK = REPORTER#<sub>                GSI2SK = <reportedAt>#<id>
//   linkages by village               timeline GSI1PK = V#<village>#LINKAGE           GSI1SK = <createdAt>#<id>
//   acknowledgement link by token     table    PK = ACK#<token>                       SK = ACK
//   open incidents of a village       lookup   GSI2PK = V#<village>#OPEN              GSI2SK = <reportedAt>#<id>  (an open marker each)
//   deadlines due by an instant       due      GSI3PK = DEADLINE#<shard>              GSI3SK = <dueAt>#<id>  (sparse: incidents)
//   notices and repairs to sweep      due      GSI3PK = SWEEP#<shard>                 GSI3SK = <checkAt>#<id>#...  (sparse)
//   closed incidents due for erasure  due      GSI3PK = RETAIN#<shard>                GSI3SK = <eraseDueAt>#<id>  (sparse: not under an open-ended legal hold)
//   linkages of a child               lookup   GSI2PK = CHILD#<childRef>              GSI2SK = <createdAt>#<linkageId>  (a reference item each)
//   a record's reads (access log)     table    PK = AUDIT#<type>#<id>                 SK = <at>#<auditId>
//   reads in a month                  timeline GSI1PK = AUDIT#<yyyy-mm>               GSI1SK = <at>#<auditId>
//   reads by a reader                 lookup   GSI2PK = AUDIT#BY#<sub>                GSI2SK = <at>#<auditId>
//   (audit records expire by TTL after the retention schedule's audit period)
//   contacts with a phone number      table    PK = PHONE#<e164>                      SK begins_with CONTACT#  (a reference each: who a WhatsApp message is from)
//   a WhatsApp report under way       table    PK = CHAT#<contactId>                  SK = CHAT  (TTL a day past its idle time)
//   WhatsApp chats idle by an instant due      GSI3PK = CHAT#<shard>                  GSI3SK = <idleUntil>#<contactId>  (sparse)
//   a WhatsApp message handled        table    PK = WAIN#<wamid>                      SK = WAIN  (TTL 2 days)
//   providers to tell of a withdrawal due      GSI3PK = TELL#<shard>                  GSI3SK = <since>#<linkageId>  (sparse: linkages)

export const TABLE_DESIGN = {
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: {
    timeline: { indexName: 'timeline', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    lookup: { indexName: 'lookup', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /**
     * The one due index (DESIGN.md, "The delivery guarantee"): sparse, every time-driven job reads
     * it, sharded by a fixed hash of the record's id (never by village), so a run costs what is due
     * plus `dueShards` queries whatever the number of villages, and no partition runs hot.
     */
    due: { indexName: 'due', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  },
  /** Epoch seconds; DynamoDB deletes the item some time after. Readers still check expiry themselves. */
  ttlAttribute: 'ttl',
  dueShards: 8,
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

export type IndexName = keyof typeof TABLE_DESIGN.indexes;

/** Every audit record's partition key matches it (items.ts), so a grant can allow writing audit records and nothing else. */
export const AUDIT_PARTITION_PATTERN = 'AUDIT#*';
export const KEY_ATTRIBUTES = [
  TABLE_DESIGN.partitionKey,
  TABLE_DESIGN.sortKey,
  ...Object.values(TABLE_DESIGN.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
