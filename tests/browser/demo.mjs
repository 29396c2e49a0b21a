// The demo records the browser tests use, as `yima serve --demo` stores them
// (crates/domain/src/demo.rs). The demo is deterministic: the same credit codes, GTINs, lots
// and serials on every run. Each test file takes its units from a batch of its own, so that
// the files can run at the same time without seeing each other's flows or recalls.
//
// GTIN: 0 + "6901" + (100 + producer index, 3 digits) + (model index + 1, 5 digits) + check
// digit. Lot: "L25" + month + (producer index + 1, 2 digits) + batch letter. Serial: SplitMix64
// of (producer << 40 | model << 32 | batch << 24 | unit), 16 hex digits.

/** The first code `serve --demo` prints: 闽江电线电缆有限公司, 聚氯乙烯绝缘电线 BV 2.5mm², lot L250101A. */
export const SCAN = {
  gtin: '06901100000010',
  lot: 'L250101A',
  serial: 'E220A8397B1DCDAF',
  /** As a scanner reads it. */
  code: '(01)06901100000010(21)E220A8397B1DCDAF',
  /** The same unit as a GS1 Digital Link path on this host, with its lot. */
  digitalLinkPath: '/01/06901100000010/10/L250101A/21/E220A8397B1DCDAF',
};

/** Well formed (GTIN check digit right) but never registered. */
export const UNKNOWN_CODE = '(01)09520123456788(21)999999999';

/** A shop (seller only) and a producer in the same district of Shanghai. */
export const SHOP = {
  name: '浦东燃气具专卖店',
  creditCode: '91310115MA0936956G',
};
export const PRODUCER = {
  name: '申城燃气软管有限公司',
  creditCode: '91310115MA3481109F',
};
/** Two units of 申城's 燃气用具连接用不锈钢波纹软管 DN10 1.5m, lot L250503A. */
export const SHOP_CODES = [
  '(01)06901102000018(21)35EE9D0B8065B0C5',
  '(01)06901102000018(21)740BD00A609BE7AC',
];
/** A code that is not one: the GTIN's check digit is wrong (…018 is right). */
export const MALFORMED_CODE = '(01)06901102000019(21)35EE9D0B8065B0C5';

/** The batch the regulator recalls: 顺德华焰厨具有限公司, 家用燃气灶具 JZT-2E01, lot L250905A. */
export const RECALL = {
  producer: { name: '顺德华焰厨具有限公司', creditCode: '91440606MA60397891' },
  gtin: '06901104000016',
  lot: 'L250905A',
  unitCode: '(01)06901104000016(21)A4DEF752247FC47D',
  reason: '抽检发现熄火保护装置失效（浏览器测试）',
};
