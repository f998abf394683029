// Seventh held-out PII corpus (issue #17): writes bench/data/pii_seventh.json.
//
// Source package: fakerator 0.3.6 (npm, MIT licence, Mersenne Twister PRNG), seed 7172026.
// fakerator gives every person name, every e-mail address (internet.email / userName) and
// every random choice below (random.number / arrayElement / boolean). What it lacks is built
// here from the public algorithms: card issuer prefix ranges + Luhn, ISO 13616 mod-97 IBANs
// (with the Belgian and Spanish national check digits), phone numbers from national numbering
// plans, US SSN / UK NINO shapes, NL BSN 11-test, DE IdNr ISO 7064 mod 11,10, FR NIR mod 97,
// ES DNI/NIE mod 23 letter, IT codice fiscale odd/even table. About one value in ten is broken
// on purpose (a wrong check digit, a digit too many or too few). Every value's `check` comes
// only from bench/pii_reference_checks.py (python-stdnum, phonenumbers, Luhn), never from this
// script's own belief and never from a phaseone detector.
//
// The templates and benign sentences were written blind (without reading the engine, its
// tests or the earlier corpora), and this file and its output were frozen and committed
// before any detector ran on them.
//
// Run (from the repository root):
//   npm i --prefix /tmp/g7 fakerator@0.3.6
//   G7_NODE_DIR=/tmp/g7 [G7_PYTHON=/path/to/venv/python] node bench/make_pii_seventh.mjs [out.json]
//   (out.json defaults to bench/data/pii_seventh.json; G7_PYTHON needs python-stdnum and phonenumbers)
// Same inputs (fakerator 0.3.6, seed, reference-check library versions) give the same file
// byte for byte.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const SEED = 7172026;
const SOURCE_VERSION = "0.3.6";
const NODE_DIR = process.env.G7_NODE_DIR ?? "/tmp/g7";
const requireFrom = createRequire(join(NODE_DIR, "package.json"));
const Fakerator = requireFrom("fakerator");
const fkVersion = JSON.parse(
  readFileSync(requireFrom.resolve("fakerator/package.json"), "utf8"),
).version;
if (fkVersion !== SOURCE_VERSION) {
  throw new Error(`fakerator ${fkVersion} found; this corpus is pinned to ${SOURCE_VERSION}`);
}
const PYTHON = process.env.G7_PYTHON ?? "/work/main/.venv/bin/python";

// ---------------------------------------------------------------- random (all from fakerator)
const core = Fakerator();
core.seed(SEED);
const int = (a, b) => core.random.number(a, b);
const pick = (arr) => core.random.arrayElement(arr);
const chance = (pct) => int(0, 999) < pct * 10;
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const upper = (n) => Array.from({ length: n }, () => String.fromCharCode(65 + int(0, 25))).join("");
const pad = (n, w) => String(n).padStart(w, "0");

// ---------------------------------------------------------------- locales
const LOCALES = {
  "en-US": { lang: "en", fk: "default", region: "US" },
  "en-GB": { lang: "en", fk: "default", region: "GB" },
  "en-AU": { lang: "en", fk: "en-AU", region: "AU" },
  "de-DE": { lang: "de", fk: "de-DE", region: "DE" },
  "de-AT": { lang: "de", fk: "de-DE", region: "AT" },
  "fr-FR": { lang: "fr", fk: "fr-FR", region: "FR" },
  "fr-BE": { lang: "fr", fk: "fr-FR", region: "BE" },
  "es-ES": { lang: "es", fk: "es-ES", region: "ES" },
  "it-IT": { lang: "it", fk: "it-IT", region: "IT" },
  "nl-NL": { lang: "nl", fk: "default", region: "NL" },
  "nl-BE": { lang: "nl", fk: "default", region: "BE" },
  "pt-PT": { lang: "pt", fk: "pt-BR", region: "PT" },
  "pt-BR": { lang: "pt", fk: "pt-BR", region: "BR" },
  "pl-PL": { lang: "pl", fk: "pl-PL", region: "PL" },
};
const LOCALE_NAMES = Object.keys(LOCALES);
// fakerator has no Dutch locale: Dutch surnames (written here) replace its English ones.
const DUTCH_LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
  "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
  "Brouwer", "de Wit", "Dijkstra", "Smits", "Claes", "Peeters", "Maes", "Willems", "Goossens"];
const fk = {};
LOCALE_NAMES.forEach((loc, i) => {
  const f = LOCALES[loc].fk === "default" ? Fakerator() : Fakerator(LOCALES[loc].fk);
  f.seed(SEED + 1 + i);
  fk[loc] = f;
});
function personName(loc) {
  const f = fk[loc];
  const first = f.names.firstName();
  const last = LOCALES[loc].lang === "nl" ? f.random.arrayElement(DUTCH_LAST) : f.names.lastName();
  return { first, last };
}
const ascii = (s) =>
  s.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
    .replace(/Ä/g, "Ae").replace(/Ö/g, "Oe").replace(/Ü/g, "Ue").replace(/ł/g, "l").replace(/Ł/g, "L")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z ]/g, "");

// ---------------------------------------------------------------- e-mail
const LOCAL_MAIL = {
  US: ["comcast.net", "verizon.net"], GB: ["btinternet.com", "sky.com"], AU: ["bigpond.com", "optusnet.com.au"],
  DE: ["web.de", "gmx.de", "t-online.de"], AT: ["gmx.at", "aon.at"], FR: ["orange.fr", "free.fr", "laposte.net"],
  BE: ["telenet.be", "skynet.be"], ES: ["telefonica.net", "yahoo.es"], IT: ["libero.it", "tiscali.it", "alice.it"],
  NL: ["ziggo.nl", "kpnmail.nl", "xs4all.nl"], PT: ["sapo.pt", "netcabo.pt"], BR: ["uol.com.br", "bol.com.br"],
  PL: ["wp.pl", "onet.pl", "o2.pl"],
};
function makeEmail(loc) {
  const f = fk[loc];
  const { first, last } = personName(loc);
  const a = ascii(first).replace(/ /g, "");
  const b = ascii(last).replace(/ /g, "");
  let addr;
  const how = int(0, 9);
  if (how < 5) addr = f.internet.email(a, b);
  else if (how < 8) addr = `${f.internet.userName(a, b)}@${pick(LOCAL_MAIL[LOCALES[loc].region])}`;
  else addr = `${f.internet.userName(a, b)}@${f.internet.domain()}`;
  const style = int(0, 9);
  if (style < 6) return { value: addr, form: "plain" };
  if (style < 8) return { value: `<${addr}>`, form: "angle brackets" };
  if (style < 9) return { value: `mailto:${addr}`, form: "mailto" };
  const [u, d] = addr.split("@");
  return { value: `${u.charAt(0).toUpperCase()}${u.slice(1)}@${d}`, form: "capitalised" };
}

// ---------------------------------------------------------------- phones (national numbering plans)
// NSN masks: '#' any digit, 'N' 2-9; grp = digit groups of the national significant number.
const PLANS = {
  US: { cc: "1", idd: "011", trunk: "", paren: 3, plans: ["212N######", "415N######", "312N######", "617N######", "206N######", "303N######", "512N######", "404N######", "702N######", "919N######"].map((m) => ({ m, grp: [3, 3, 4] })) },
  GB: { cc: "44", trunk: "0", plans: [
    ...["75", "77", "78", "79", "74"].map((p) => ({ m: `${p}########`, grp: [4, 6] })),
    ...["207", "208", "203"].map((p) => ({ m: `${p}#######`, grp: [2, 4, 4] })),
    ...["161", "131", "141"].map((p) => ({ m: `${p}N######`, grp: [3, 3, 4] }))] },
  AU: { cc: "61", idd: "0011", trunk: "0", plans: [
    ...["41", "42", "43", "44", "45"].map((p) => ({ m: `${p}#######`, grp: [3, 3, 3] })),
    ...["29", "39", "38", "73", "86"].map((p) => ({ m: `${p}#######`, grp: [1, 4, 4] }))] },
  DE: { cc: "49", trunk: "0", plans: [
    ...["151", "152", "160", "170", "171", "172", "176", "157"].map((p) => ({ m: `${p}########`, grp: [3, 4, 4] })),
    { m: "30N#######", grp: [2, 8] }, { m: "40N######", grp: [2, 7] }, { m: "89N######", grp: [2, 7] },
    { m: "221N######", grp: [3, 7] }, { m: "69N#######", grp: [2, 8] }, { m: "711N######", grp: [3, 7] }] },
  AT: { cc: "43", trunk: "0", plans: [
    ...["664", "676", "650", "660"].map((p) => ({ m: `${p}#######`, grp: [3, 7] })),
    { m: "699########", grp: [3, 8] }, { m: "1N######", grp: [1, 7] }, { m: "316N#####", grp: [3, 6] },
    { m: "512N#####", grp: [3, 6] }] },
  FR: { cc: "33", trunk: "0", plans: ["6[0-5]", "7[5-8]", "1[2-9]", "2[3-5]", "3[1-8]", "4[1-9]", "5[3-6]", "9[5-8]"].map((p) => ({ m: `${p}#######`, grp: [1, 2, 2, 2, 2] })) },
  BE: { cc: "32", trunk: "0", plans: [
    ...["47", "48", "49"].map((p) => ({ m: `${p}N######`, grp: [3, 2, 2, 2] })),
    ...["2", "3", "9"].map((p) => ({ m: `${p}[2-4]######`, grp: [1, 3, 2, 2] }))] },
  ES: { cc: "34", trunk: "", plans: [
    ...["6", "6", "7"].map((p) => ({ m: p === "7" ? "71#######" : `6########`, grp: [3, 3, 3] })),
    ...["91", "93", "96", "95", "94"].map((p) => ({ m: `${p}N######`, grp: [3, 3, 3] }))] },
  IT: { cc: "39", trunk: "", plans: [
    ...["320", "333", "338", "347", "348", "366", "380", "393"].map((p) => ({ m: `${p}#######`, grp: [3, 3, 4] })),
    { m: "06########", grp: [2, 4, 4] }, { m: "02########", grp: [2, 4, 4] }, { m: "011#######", grp: [3, 7] },
    { m: "055#######", grp: [3, 7] }] },
  NL: { cc: "31", trunk: "0", plans: [
    { m: "6[1-5]#######", grp: [1, 8] }, { m: "6[1-5]#######", grp: [1, 2, 2, 2, 2] },
    ...["20", "10", "30", "70", "40"].map((p) => ({ m: `${p}N######`, grp: [2, 7] }))] },
  PT: { cc: "351", trunk: "", plans: [
    ...["91", "92", "93", "96"].map((p) => ({ m: `${p}#######`, grp: [3, 3, 3] })),
    ...["21", "22", "23", "25"].map((p) => ({ m: `${p}N######`, grp: [3, 3, 3] }))] },
  BR: { cc: "55", idd: null, trunk: "", paren: 2, plans: [
    ...["119", "219", "319", "419", "519", "619"].map((p) => ({ m: `${p}N#######`, grp: [2, 5, 4] })),
    ...["113", "213", "313", "413"].map((p) => ({ m: `${p}#######`, grp: [2, 4, 4] }))] },
  PL: { cc: "48", trunk: "", plans: [
    ...["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"].map((p) => ({ m: `${p}#######`, grp: [3, 3, 3] })),
    ...["22", "12", "61", "71", "58"].map((p) => ({ m: `${p}N######`, grp: [2, 3, 2, 2] }))] },
};
// Only marks the reference library reads as an extension (it does not know "poste",
// "toestel", "ramal", "wew." or "Durchwahl").
const EXT = { en: ["ext. ", "x", "extension "], de: ["ext. ", "Ext. "], fr: ["ext. "], es: ["ext. ", "extensión "], it: ["int. ", "ext. "], nl: ["ext. "], pt: ["ext. "], pl: ["ext. "] };
function fillMask(m) {
  // '[a-b]' = one digit from a to b
  const expanded = m.replace(/\[(\d)-(\d)\]/g, (_, a, b) => String(int(Number(a), Number(b))));
  return [...expanded].map((c) => (c === "#" ? String(int(0, 9)) : c === "N" ? String(int(2, 9)) : c)).join("");
}
function splitGroups(nsn, grp) {
  const out = [];
  let i = 0;
  grp.forEach((g, k) => {
    const take = k === grp.length - 1 ? nsn.length - i : g;
    out.push(nsn.slice(i, i + take));
    i += take;
  });
  return out.filter((s) => s.length);
}
function makePhone(loc, broken) {
  const region = LOCALES[loc].region;
  const P = PLANS[region];
  const plan = pick(P.plans);
  let nsn = fillMask(plan.m);
  let breakForm = "";
  if (broken) {
    if (chance(50)) { nsn = nsn.slice(0, -1); breakForm = ", one digit short"; }
    else { nsn = nsn + String(int(0, 9)); breakForm = ", one digit too many"; }
  }
  const g = splitGroups(nsn, plan.grp);
  const forms = ["national spaced", "national compact", "international spaced", "E.164"];
  if (P.idd !== null) forms.push("international dialling prefix");
  if (["FR", "BE"].includes(region)) forms.push("national dots");
  if (["NL", "DE", "AT", "US", "PL", "ES"].includes(region)) forms.push("national dashes");
  if (P.paren) forms.push("parenthesised area code", "parenthesised area code");
  if (["GB", "DE", "AT", "NL", "BE"].includes(region)) forms.push("international with (0)");
  const form = pick(forms);
  let v;
  const t = P.trunk;
  switch (form) {
    case "national spaced": v = t + g.join(" "); break;
    case "national compact": v = t + nsn; break;
    case "national dots": v = t + g.join("."); break;
    case "national dashes":
      v = region === "NL" || region === "DE" || region === "AT" ? `${t}${g[0]}-${g.slice(1).join("")}` : t + g.join("-");
      break;
    case "international spaced": v = `+${P.cc} ${g.join(" ")}`; break;
    case "E.164": v = `+${P.cc}${nsn}`; break;
    case "international dialling prefix": {
      const idd = P.idd ?? "00";
      v = `${idd}${idd === "00" ? "" : " "}${P.cc} ${g.join(" ")}`;
      break;
    }
    case "parenthesised area code": {
      const a = nsn.slice(0, P.paren);
      const rest = splitGroups(nsn.slice(P.paren), plan.grp.slice(1));
      v = `(${a}) ${rest.join("-")}`;
      break;
    }
    case "international with (0)": v = `+${P.cc} (0)${g.join(" ")}`; break;
  }
  let outForm = form + breakForm;
  if (!broken && chance(12) && !form.startsWith("E.164")) {
    v = `${v} ${pick(EXT[LOCALES[loc].lang])}${int(10, 4999)}`;
    outForm = `${form}, with extension`;
  }
  return { value: v, form: outForm, region };
}

// ---------------------------------------------------------------- cards (prefix ranges + Luhn)
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const BRANDS = [
  { name: "Visa", w: 30, pre: () => "4", len: () => pick([16, 16, 16, 16, 13, 19]) },
  { name: "MasterCard", w: 28, pre: () => (chance(70) ? String(int(51, 55)) : String(int(2221, 2720))), len: () => 16 },
  { name: "American Express", w: 14, pre: () => pick(["34", "37"]), len: () => 15 },
  { name: "Discover", w: 10, pre: () => pick(["6011", String(int(644, 649)), "65"]), len: () => pick([16, 16, 19]) },
  { name: "Maestro", w: 18, pre: () => pick(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), len: () => int(12, 19) },
];
function group(s, sizes, sep) {
  const out = [];
  let i = 0;
  for (const n of sizes) { if (i >= s.length) break; out.push(s.slice(i, i + n)); i += n; }
  if (i < s.length) out.push(s.slice(i));
  return out.join(sep);
}
function makeCard(broken) {
  let r = int(1, 100);
  let brand = BRANDS[0];
  for (const b of BRANDS) { if (r <= b.w) { brand = b; break; } r -= b.w; }
  const pre = brand.pre();
  const len = brand.len();
  const body = pre + digits(len - pre.length - 1);
  let check = luhnDigit(body);
  if (broken) check = String((Number(check) + int(1, 9)) % 10);
  const num = body + check;
  const amex = brand.name === "American Express";
  const forms = amex
    ? [["compact", () => num], ["4-6-5 spaced", () => group(num, [4, 6, 5], " ")], ["4-6-5 dashes", () => group(num, [4, 6, 5], "-")]]
    : [["compact", () => num], ["groups of four", () => group(num, [4, 4, 4, 4, 4], " ")], ["groups of four", () => group(num, [4, 4, 4, 4, 4], " ")], ["dashes", () => group(num, [4, 4, 4, 4, 4], "-")]];
  const [form, fn] = pick(forms);
  return { value: fn(), form: broken ? `${form}, wrong check digit` : form, sub: brand.name };
}

// ---------------------------------------------------------------- IBAN (ISO 13616 mod 97)
// BBAN shapes: n digits, a capital letters (bank codes), c alphanumeric (written as digits here).
const IBAN_SHAPES = {
  DE: "18n", AT: "16n", CH: "17n", FR: "23n", BE: "12n", NL: "4a10n", ES: "20n", IT: "1a22n",
  PT: "21n", PL: "24n", GB: "4a14n", IE: "4a14n", LU: "16n", DK: "14n", FI: "14n", SE: "20n",
  CZ: "20n", SK: "20n", SI: "15n", HR: "17n", HU: "24n", GR: "23n", RO: "4a16n", LT: "16n",
};
const IBAN_LEN = (cc) => 4 + IBAN_SHAPES[cc].match(/\d+[na]/g).reduce((s, p) => s + parseInt(p, 10), 0);
const BANK_LETTERS = { NL: ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB"], GB: ["NWBK", "BARC", "HBUK", "LOYD", "MIDL"], IE: ["AIBK", "BOFI", "IPBS"], RO: ["RNCB", "BTRL", "BRDE"] };
const LOCALE_IBAN = { GB: "GB", AU: null, US: null, DE: "DE", AT: "AT", FR: "FR", BE: "BE", ES: "ES", IT: "IT", NL: "NL", PT: "PT", BR: null, PL: "PL" };
function mod97(numStr) {
  let r = 0;
  for (const ch of numStr) r = (r * 10 + Number(ch)) % 97;
  return r;
}
const lettersToDigits = (s) => [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");
function esCheck(s) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(s[i]) * w[i];
  const d = 11 - (sum % 11);
  return d === 11 ? "0" : d === 10 ? "1" : String(d);
}
function makeBban(cc) {
  if (cc === "BE") {
    // bank codes the reference's Belgian bank list knows: BNP Paribas Fortis, Belfius, ING, KBC
    const first = pick(["0" + digits(2), "3" + digits(2), String(int(733, 741))]) + digits(7);
    const k = mod97(first) || 97;
    return first + pad(k, 2);
  }
  if (cc === "ES") {
    const bank = digits(8);
    const acct = digits(10);
    return bank + esCheck(`00${bank}`) + esCheck(acct) + acct;
  }
  if (cc === "IT") return upper(1) + digits(22);
  const m = IBAN_SHAPES[cc].match(/^(\d+)a(\d+)n$/);
  if (m) return pick(BANK_LETTERS[cc]) + digits(Number(m[2]));
  return digits(IBAN_LEN(cc) - 4);
}
function makeIban(loc, broken) {
  const home = LOCALE_IBAN[LOCALES[loc].region];
  const cc = home && chance(65) ? home : pick(Object.keys(IBAN_SHAPES));
  const bban = makeBban(cc);
  let check = 98 - mod97(lettersToDigits(`${bban}${cc}00`));
  let form = "";
  if (broken) check = ((check - 2 + int(1, 96)) % 97) + 2;
  const iban = `${cc}${pad(check, 2)}${bban}`;
  const style = int(0, 9);
  let v;
  if (style < 6) { v = group(iban, Array(10).fill(4), " "); form = "groups of four"; }
  else if (style < 9) { v = iban; form = "compact"; }
  else { v = `${group(iban, Array(10).fill(4), " ").slice(0, 4)} ${group(iban.slice(4), Array(10).fill(4), " ")}`; form = "groups of four"; }
  return { value: v, form: broken ? `${form}, wrong check digits` : form, country: cc };
}

// ---------------------------------------------------------------- national identifiers
function makeSsn(broken) {
  let area = int(1, 899);
  while (area === 666) area = int(1, 899);
  let g = int(1, 99);
  let s = int(1, 9999);
  let note = "";
  if (broken) {
    const how = int(0, 2);
    if (how === 0) { area = pick([0, 666, int(900, 999)]); note = ", impossible area"; }
    else if (how === 1) { g = 0; note = ", group 00"; }
    else { s = 0; note = ", serial 0000"; }
  }
  const a = pad(area, 3), b = pad(g, 2), c = pad(s, 4);
  const [form, v] = pick([["dashes", `${a}-${b}-${c}`], ["dashes", `${a}-${b}-${c}`], ["spaced", `${a} ${b} ${c}`], ["compact", `${a}${b}${c}`]]);
  return { value: v, form: form + note };
}
const NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ";
const NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ";
function makeNino(broken) {
  let p;
  do { p = pick([...NINO_FIRST]) + pick([...NINO_SECOND]); } while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p));
  let suf = pick(["A", "B", "C", "D"]);
  let note = "";
  if (broken) {
    if (chance(50)) { p = pick(["D", "F", "I", "Q", "U", "V"]) + p[1]; note = ", disallowed first letter"; }
    else { suf = pick(["E", "F", "G", "X"]); note = ", suffix outside A-D"; }
  }
  const d = digits(6);
  const [form, v] = pick([["spaced", `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}`], ["spaced", `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}`], ["compact", `${p}${d}${suf}`]]);
  return { value: v, form: form + note };
}
function makeBsn(broken) {
  let body, r;
  do {
    body = String(int(1, 9)) + digits(7);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(body[i]) * (9 - i);
    r = sum % 11;
  } while (r === 10);
  let last = r;
  if (broken) last = (r + int(1, 9)) % 10;
  const n = body + String(last);
  const [form, v] = pick([["compact", n], ["compact", n], ["dots", `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}`], ["spaced", `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`]]);
  return { value: v, form: broken ? `${form}, wrong check digit` : form };
}
function idnrCheck(ten) {
  let p = 10;
  for (const ch of ten) {
    let s = (Number(ch) + p) % 10;
    if (s === 0) s = 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}
function makeIdnr(broken) {
  // first ten digits: first non-zero, exactly one digit repeated (twice or thrice)
  let ten;
  for (;;) {
    const pool = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const uniq = core.shuffle(pool.slice());
    const rep = uniq[0];
    const times = chance(70) ? 2 : 3;
    const chosen = uniq.slice(1, 1 + (10 - times));
    const arr = core.shuffle([...Array(times).fill(rep), ...chosen]);
    if (arr[0] !== 0) { ten = arr.join(""); break; }
  }
  let c = idnrCheck(ten);
  if (broken) c = String((Number(c) + int(1, 9)) % 10);
  const n = ten + c;
  const [form, v] = pick([["compact", n], ["compact", n], ["spaced", `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}`], ["slashes", `${n.slice(0, 2)}/${n.slice(2, 5)}/${n.slice(5, 8)}/${n.slice(8)}`]]);
  return { value: v, form: broken ? `${form}, wrong check digit` : form };
}
function makeNir(broken) {
  const sex = String(int(1, 2));
  const yy = pad(int(40, 99) % 100, 2);
  const mm = pad(int(1, 12), 2);
  let dept = int(1, 95);
  while (dept === 20) dept = int(1, 95);
  const body = `${sex}${yy}${mm}${pad(dept, 2)}${pad(int(1, 990), 3)}${pad(int(1, 999), 3)}`;
  let key = 97 - Number(BigInt(body) % 97n);
  if (broken) key = ((key - 1 + int(1, 96)) % 97) + 1;
  const k = pad(key, 2);
  const n = body + k;
  const [form, v] = pick([["compact", n], ["spaced", `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${k}`], ["spaced", `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${k}`]]);
  return { value: v, form: broken ? `${form}, wrong key` : form };
}
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
function makeDni(broken) {
  const n = int(1000000, 99999999);
  let l = DNI_LETTERS[n % 23];
  if (broken) l = DNI_LETTERS[(n + int(1, 22)) % 23];
  const d = pad(n, 8);
  const [form, v] = pick([["compact", `${d}${l}`], ["compact", `${d}${l}`], ["dash before letter", `${d}-${l}`], ["dots", `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5)}-${l}`]]);
  return { value: v, form: broken ? `${form}, wrong letter` : form };
}
function makeNie(broken) {
  const x = pick(["X", "Y", "Z"]);
  const d = digits(7);
  const n = Number(String("XYZ".indexOf(x)) + d);
  let l = DNI_LETTERS[n % 23];
  if (broken) l = DNI_LETTERS[(n + int(1, 22)) % 23];
  const [form, v] = pick([["compact", `${x}${d}${l}`], ["compact", `${x}${d}${l}`], ["dashes", `${x}-${d}-${l}`]]);
  return { value: v, form: broken ? `${form}, wrong letter` : form };
}
const CF_ODD = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
const cfEven = (c) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
function cfCheck(s15) {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? CF_ODD[s15[i]] : cfEven(s15[i]);
  return String.fromCharCode(65 + (sum % 26));
}
function cfPart(word, isFirst) {
  const w = ascii(word).toUpperCase().replace(/[^A-Z]/g, "");
  const cons = [...w].filter((c) => !"AEIOU".includes(c));
  const vow = [...w].filter((c) => "AEIOU".includes(c));
  if (isFirst && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons.join("") + vow.join("") + "XXX").slice(0, 3);
}
const CF_PLACES = ["H501", "F205", "F839", "L219", "G273", "D612", "A944", "L736", "G224", "C351", "E463", "B157"];
function makeCf(broken) {
  const f = fk["it-IT"];
  const female = chance(50);
  const first = female ? f.names.firstNameF() : f.names.firstNameM();
  const last = f.names.lastName();
  const s15 = cfPart(last, false) + cfPart(first, true) + pad(int(40, 99) % 100, 2) + "ABCDEHLMPRST"[int(0, 11)] +
    pad(int(1, 28) + (female ? 40 : 0), 2) + pick(CF_PLACES);
  let c = cfCheck(s15);
  if (broken) c = String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + int(1, 25)) % 26));
  const n = s15 + c;
  const [form, v] = pick([["compact", n], ["compact", n], ["compact", n], ["spaced", `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 11)} ${n.slice(11)}`]]);
  return { value: v, form: broken ? `${form}, wrong check letter` : form };
}
const IDS = {
  us_ssn: { loc: "en-US", make: makeSsn }, uk_nino: { loc: "en-GB", make: makeNino },
  nl_bsn: { loc: "nl-NL", make: makeBsn }, de_idnr: { loc: "de-DE", make: makeIdnr },
  fr_nir: { loc: "fr-FR", make: makeNir }, es_dni: { loc: "es-ES", make: makeDni },
  es_nie: { loc: "es-ES", make: makeNie }, it_cf: { loc: "it-IT", make: makeCf },
};

// ---------------------------------------------------------------- templates (written blind)
// n: the sentence says what {v} is; x: it does not ("naming nothing"). {name} = a person.
const T = {
  en: {
    email: {
      n: ["Ward 6B handover: {name}'s daughter asked that discharge letters go to her e-mail, {v}.",
        "Ferry check-in: the booking for cabin 212 lists {v} as the contact email for {name}.",
        "Rowing club minutes: new treasurer {name}, email address {v}, takes over in March."],
      x: ["Badge desk note — {name}, speaker, track B: {v}", "lol just use {v} for now, the other one bounces"],
    },
    phone: {
      n: ["Farm gate sign: lambing season, ring {name} on {v} before walking the dogs through.",
        "School office: {name}'s emergency contact number is {v} (grandmother).",
        "Church office newsletter: to book the hall, call the parish phone on {v}."],
      x: ["Room 414 late arrival, {name} — {v}", "Lab rota swap agreed with {name}. {v}"],
    },
    card: {
      n: ["Hotel front desk: pre-authorisation on card number {v} for two nights, {name}.",
        "The museum membership renewed automatically on the credit card {v}.",
        "Conference fee: {name} asked us to charge the card ending in this number: {v}."],
      x: ["Left on the ward noticeboard by mistake: {v} — please remove.", "{name} read it out over the ferry tannoy queue: {v}"],
    },
    iban: {
      n: ["Landlord's note: rent for flat 3 goes to IBAN {v} on the first of the month.",
        "Tax adviser: the refund will be paid into {name}'s bank account {v}.",
        "Sports club: annual subs can be transferred to the club IBAN {v}, reference your name."],
      x: ["{name} texted: {v} — same as last year for the allotment plot", "Choir trip, deposit: {v} (by Friday)"],
    },
    national_id: {
      n: ["Recruitment agency form: {name}, national identification number {v}, right to work checked.",
        "Hospital admissions: patient {name}, government ID number {v}, allergies none known.",
        "The tax adviser needs {name}'s taxpayer identification number, which is {v}.",
        "Payroll at the farm co-op recorded the worker's social insurance number as {v}."],
      x: ["{name} — {v} — start date 4 August, night shift", "copied from the lease file: {v}, {name}"],
    },
  },
  de: {
    email: {
      n: ["Station 4, Übergabe: Befunde bitte an die E-Mail-Adresse der Tochter, {v}.",
        "Kirchenbüro: Anmeldungen zur Taufe bitte per E-Mail an {v} ({name}).",
        "Der Sportverein schickt die Einladung zur Hauptversammlung an {v}, so steht es in der Mitgliederliste."],
      x: ["Tagungsausweis für {name}, Raum B12 – {v}", "hab dir doch geschrieben: {v}, nicht die alte"],
    },
    phone: {
      n: ["Hofladen geschlossen – bei Fragen {name} unter der Telefonnummer {v} anrufen.",
        "Schulsekretariat: Notfallnummer für {name} ist {v}.",
        "Die Fähre nach Borkum meldet Verspätungen telefonisch unter {v}."],
      x: ["Zimmer 308, Spätanreise {name}: {v}", "Laborprobe abgeholt, Rückfrage {name}, {v}"],
    },
    card: {
      n: ["Hotelrezeption: Kaution über die Kreditkarte {v} vorgemerkt, Gast {name}.",
        "Die Jahreskarte des Museums wird von der Karte mit der Nummer {v} abgebucht.",
        "Kongressgebühr für {name} bitte mit Kartennummer {v} belasten."],
      x: ["Auf dem Zettel an der Pinnwand stand nur: {v}", "{name} hat es am Telefon diktiert: {v}"],
    },
    iban: {
      n: ["Vermieter: Die Miete für die Wohnung im 2. OG bitte auf die IBAN {v} überweisen.",
        "Steuerberaterin: Die Erstattung geht auf das Konto von {name}, IBAN {v}.",
        "Chorfahrt: Anzahlung bitte auf unser Vereinskonto {v}, Verwendungszweck Name."],
      x: ["{name}, Kleingarten Parzelle 17: {v}", "Nachricht von {name}: {v} – wie besprochen"],
    },
    national_id: {
      n: ["Personalvermittlung: Für die Lohnabrechnung braucht {name} die Steuer-Identifikationsnummer {v}.",
        "Die Steuerberaterin hat die Steuer-ID {v} für {name} ins Formular übernommen.",
        "Aufnahmebogen Klinik: {name}, steuerliche Identifikationsnummer {v}."],
      x: ["{name} – {v} – Beginn 1. September", "aus der Akte abgeschrieben: {v} ({name})"],
    },
  },
  fr: {
    email: {
      n: ["Service de pédiatrie : envoyer le compte rendu à l'adresse e-mail des parents, {v}.",
        "Secrétariat de la paroisse : pour les inscriptions au catéchisme, écrire à {v} ({name}).",
        "Club de voile : la convocation à l'assemblée générale part à {v}, courriel de {name}."],
      x: ["Badge congrès, {name}, atelier 3 : {v}", "tiens c'est {v}, l'autre je ne la lis plus"],
    },
    phone: {
      n: ["Ferme du Grand Pré : pour les paniers de légumes, appeler {name} au numéro de téléphone {v}.",
        "École Jules-Ferry : le numéro à joindre en cas d'urgence pour {name} est le {v}.",
        "La capitainerie du port donne les horaires du bac par téléphone au {v}."],
      x: ["Chambre 21, arrivée tardive de {name} : {v}", "Échantillon labo 7, rappeler {name} : {v}"],
    },
    card: {
      n: ["Réception de l'hôtel : empreinte de la carte bancaire {v} pour deux nuits, {name}.",
        "L'adhésion au musée est prélevée sur la carte numéro {v}.",
        "Frais de colloque de {name} à débiter sur le numéro de carte {v}."],
      x: ["Noté au dos du programme : {v}", "{name} me l'a lu au téléphone : {v}"],
    },
    iban: {
      n: ["Propriétaire : le loyer de l'appartement est à virer sur l'IBAN {v}.",
        "Le conseiller fiscal indique que le remboursement ira sur le compte bancaire {v} de {name}.",
        "Club de rugby : cotisation par virement sur l'IBAN du club {v}."],
      x: ["{name}, jardin partagé, parcelle 9 : {v}", "message de {name} : {v} comme d'habitude"],
    },
    national_id: {
      n: ["Admission à l'hôpital : {name}, numéro de sécurité sociale {v}.",
        "Agence de recrutement : pour le contrat, {name} a donné son numéro d'inscription au répertoire (NIR) {v}.",
        "Le comptable a besoin du numéro de sécu de {name} : {v}."],
      x: ["{name} – {v} – début le 2 septembre", "recopié du dossier : {v} ({name})"],
    },
  },
  es: {
    email: {
      n: ["Planta de maternidad: enviar el informe al correo electrónico de la pareja, {v}.",
        "Parroquia de San Lorenzo: inscripciones para la comunión por correo a {v} ({name}).",
        "El club de pádel manda la convocatoria de la asamblea a {v}, dirección de {name}."],
      x: ["Acreditación congreso, {name}, sala 4: {v}", "oye, es {v}, el otro ya no lo miro"],
    },
    phone: {
      n: ["Granja escuela: para visitas de grupo, llamar a {name} al teléfono {v}.",
        "Colegio público: el teléfono de contacto de urgencia de {name} es el {v}.",
        "La naviera informa de retrasos del ferry a Ibiza en el número {v}."],
      x: ["Habitación 112, llegada tarde de {name}: {v}", "Muestra de laboratorio recogida, {name}, {v}"],
    },
    card: {
      n: ["Recepción del hotel: preautorización en la tarjeta {v} para dos noches, {name}.",
        "La cuota del museo se carga a la tarjeta de crédito número {v}.",
        "Inscripción al congreso de {name}: cargar al número de tarjeta {v}."],
      x: ["Apuntado en el reverso del folleto: {v}", "{name} me lo dictó por teléfono: {v}"],
    },
    iban: {
      n: ["Casero: el alquiler del piso se ingresa en el IBAN {v} antes del día 5.",
        "La asesora fiscal dice que la devolución llegará a la cuenta bancaria {v} de {name}.",
        "Coro parroquial: cuota anual por transferencia a la cuenta {v}."],
      x: ["{name}, huerto urbano, parcela 12: {v}", "mensaje de {name}: {v}, lo de siempre"],
    },
    national_id: {
      n: ["Agencia de empleo: {name} presentó su documento de identidad (DNI/NIE) {v}.",
        "Admisión en urgencias: paciente {name}, número de identificación {v}.",
        "La gestoría necesita el DNI o NIE de {name} para la renta: {v}."],
      x: ["{name} – {v} – empieza el lunes", "copiado del expediente: {v} ({name})"],
    },
  },
  it: {
    email: {
      n: ["Reparto di cardiologia: inviare la lettera di dimissione all'indirizzo email del figlio, {v}.",
        "Ufficio parrocchiale: iscrizioni al campo estivo via email a {v} ({name}).",
        "La società di canottaggio manda la convocazione dell'assemblea a {v}, posta di {name}."],
      x: ["Badge convegno, {name}, sala Verdi: {v}", "scrivimi su {v}, l'altra non la apro più"],
    },
    phone: {
      n: ["Agriturismo: per le prenotazioni chiamare {name} al numero di telefono {v}.",
        "Scuola media: il recapito telefonico d'emergenza di {name} è {v}.",
        "Il traghetto per l'Elba comunica i ritardi al numero {v}."],
      x: ["Camera 16, arrivo in tarda serata di {name}: {v}", "Campione di laboratorio ritirato, {name}, {v}"],
    },
    card: {
      n: ["Reception dell'albergo: preautorizzazione sulla carta di credito {v}, ospite {name}.",
        "La tessera del museo si rinnova sulla carta numero {v}.",
        "Quota del convegno di {name} da addebitare sul numero di carta {v}."],
      x: ["Scritto a penna sul programma: {v}", "{name} me l'ha letto al telefono: {v}"],
    },
    iban: {
      n: ["Padrone di casa: l'affitto va versato sull'IBAN {v} entro il giorno 5.",
        "Il commercialista scrive che il rimborso andrà sul conto corrente {v} di {name}.",
        "Circolo del tennis: quota annuale con bonifico sull'IBAN {v}."],
      x: ["{name}, orto sociale, lotto 3: {v}", "messaggio di {name}: {v}, come sempre"],
    },
    national_id: {
      n: ["Agenzia per il lavoro: {name} ha indicato il codice fiscale {v}.",
        "Accettazione in ospedale: paziente {name}, codice fiscale {v}.",
        "Il commercialista chiede il codice fiscale di {name}: {v}."],
      x: ["{name} – {v} – inizio a settembre", "copiato dalla pratica: {v} ({name})"],
    },
  },
  nl: {
    email: {
      n: ["Afdeling longziekten: ontslagbrief graag naar het e-mailadres van de dochter, {v}.",
        "Kerkelijk bureau: aanmelden voor de doopdienst per e-mail via {v} ({name}).",
        "De roeivereniging stuurt de uitnodiging voor de ledenvergadering naar {v}, het mailadres van {name}."],
      x: ["Congresbadge {name}, zaal 2: {v}", "gebruik maar {v}, die andere lees ik niet meer"],
    },
    phone: {
      n: ["Zorgboerderij: voor een rondleiding {name} bellen op telefoonnummer {v}.",
        "Basisschool: het noodnummer voor {name} is {v}.",
        "De veerdienst naar Texel meldt vertragingen op het nummer {v}."],
      x: ["Kamer 5, late aankomst {name}: {v}", "Labmonster opgehaald, {name}, {v}"],
    },
    card: {
      n: ["Hotelreceptie: borg gereserveerd op creditcard {v}, gast {name}.",
        "De museumkaart wordt verlengd via het kaartnummer {v}.",
        "Congreskosten van {name} afschrijven van creditcardnummer {v}."],
      x: ["Op de achterkant van het programma: {v}", "{name} las het voor aan de telefoon: {v}"],
    },
    iban: {
      n: ["Verhuurder: de huur van de bovenwoning graag overmaken naar IBAN {v}.",
        "De belastingadviseur meldt dat de teruggave op rekeningnummer {v} van {name} komt.",
        "Korfbalclub: contributie overmaken naar het IBAN van de club, {v}."],
      x: ["{name}, volkstuin nummer 23: {v}", "appje van {name}: {v}, zoals altijd"],
    },
    national_id: {
      n: ["Uitzendbureau: {name} heeft het burgerservicenummer {v} opgegeven.",
        "Opname ziekenhuis: patiënt {name}, BSN {v}.",
        "De belastingadviseur heeft het BSN van {name} nodig: {v}."],
      x: ["{name} – {v} – start 1 september", "overgenomen uit het dossier: {v} ({name})"],
    },
  },
  pt: {
    email: {
      n: ["Enfermaria 3: enviar o relatório de alta para o e-mail da filha, {v}.",
        "Secretaria da paróquia: inscrições para o crisma pelo e-mail {v} ({name}).",
        "O clube de futsal envia a convocatória da assembleia para o endereço de e-mail {v}."],
      x: ["Crachá do congresso, {name}, sala 6: {v}", "usa {v}, o outro já não abro"],
    },
    phone: {
      n: ["Quinta pedagógica: para visitas de escolas ligar para {name}, telefone {v}.",
        "Escola básica: o contacto telefónico de emergência de {name} é {v}.",
        "A travessia de ferry informa atrasos pelo número de telefone {v}."],
      x: ["Quarto 204, chegada tardia de {name}: {v}", "Amostra do laboratório recolhida, {name}, {v}"],
    },
    card: {
      n: ["Receção do hotel: pré-autorização no cartão de crédito {v}, hóspede {name}.",
        "A quota do museu é cobrada no cartão número {v}.",
        "Inscrição de {name} no congresso: debitar no número do cartão {v}."],
      x: ["Escrito no verso do folheto: {v}", "{name} ditou-me ao telefone: {v}"],
    },
    iban: {
      n: ["Senhorio: a renda do apartamento é paga por transferência para o IBAN {v}.",
        "O contabilista diz que o reembolso vai para a conta bancária {v} de {name}.",
        "Grupo coral: quota anual por transferência para a conta {v}."],
      x: ["{name}, horta comunitária, talhão 8: {v}", "mensagem de {name}: {v}, como sempre"],
    },
  },
  pl: {
    email: {
      n: ["Oddział internistyczny: wypis proszę wysłać na adres e-mail córki, {v}.",
        "Kancelaria parafialna: zapisy na bierzmowanie mailowo pod {v} ({name}).",
        "Klub siatkarski wysyła zaproszenie na walne zebranie na adres e-mail {v}."],
      x: ["Identyfikator konferencyjny, {name}, sala 2: {v}", "pisz na {v}, tamtego już nie czytam"],
    },
    phone: {
      n: ["Gospodarstwo agroturystyczne: rezerwacje u {name} pod numerem telefonu {v}.",
        "Szkoła podstawowa: telefon alarmowy do rodzica {name} to {v}.",
        "Przewoźnik promowy informuje o opóźnieniach pod numerem {v}."],
      x: ["Pokój 17, późny przyjazd {name}: {v}", "Próbka z laboratorium odebrana, {name}, {v}"],
    },
    card: {
      n: ["Recepcja hotelu: blokada na karcie kredytowej {v}, gość {name}.",
        "Karnet muzealny odnawia się z karty o numerze {v}.",
        "Opłatę konferencyjną {name} proszę pobrać z numeru karty {v}."],
      x: ["Zapisane na odwrocie programu: {v}", "{name} podyktował mi przez telefon: {v}"],
    },
    iban: {
      n: ["Wynajmujący: czynsz za mieszkanie proszę przelewać na IBAN {v}.",
        "Doradca podatkowy pisze, że zwrot trafi na rachunek bankowy {v} ({name}).",
        "Chór parafialny: składka roczna przelewem na konto {v}."],
      x: ["{name}, ogródek działkowy nr 14: {v}", "wiadomość od {name}: {v}, jak zawsze"],
    },
  },
};
const templates = [];
const naming = [];
for (const lang of Object.keys(T)) {
  for (const kind of Object.keys(T[lang])) {
    for (const text of T[lang][kind].n) templates.push({ lang, kind, names_value: true, text });
    for (const text of T[lang][kind].x) { naming.push(templates.length); templates.push({ lang, kind, names_value: false, text }); }
  }
}
const tplIndex = (lang, kind) => templates.map((t, i) => [t, i]).filter(([t]) => t.lang === lang && t.kind === kind).map(([, i]) => i);

// ---------------------------------------------------------------- PII entries
const pii = [];
const seen = new Set();
function add(loc, kind, sub, made) {
  if (seen.has(made.value)) return false;
  seen.add(made.value);
  const lang = LOCALES[loc].lang;
  const ti = pick(tplIndex(lang, kind));
  const { first, last } = personName(loc);
  const text = templates[ti].text.replace("{name}", () => `${first} ${last}`).replace("{v}", () => made.value);
  pii.push({ locale: loc, kind, sub, form: made.form, check: null, template: ti, text, values: [made.value], _region: made.region ?? LOCALES[loc].region });
  return true;
}
const PER_LOCALE = 29; // x 14 locales = 406 a kind
for (const loc of LOCALE_NAMES) {
  for (let k = 0; k < PER_LOCALE;) if (add(loc, "email", "email", makeEmail(loc))) k++;
  for (let k = 0; k < PER_LOCALE;) if (add(loc, "phone", "phone", makePhone(loc, chance(10)))) k++;
  for (let k = 0; k < PER_LOCALE;) { const c = makeCard(chance(10)); if (add(loc, "card", c.sub, c)) k++; }
  for (let k = 0; k < PER_LOCALE;) if (add(loc, "iban", "iban", makeIban(loc, chance(10)))) k++;
}
for (const sub of Object.keys(IDS)) {
  for (let k = 0; k < 51;) if (add(IDS[sub].loc, "national_id", sub, IDS[sub].make(chance(10)))) k++;
}

// ---------------------------------------------------------------- benign (written blind)
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const isoDate = () => `20${pad(int(18, 26), 2)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
const hhmm = () => `${pad(int(5, 23), 2)}:${pad(int(0, 59), 2)}`;
const dec = (a, b, p) => (a + (b - a) * int(0, 100000) / 100000).toFixed(p);
const luhnNum = (prefix, len) => { const b = prefix + digits(len - prefix.length - 1); return b + luhnDigit(b); };
function ean13() {
  const b = pick(["400", "401", "50", "54", "80", "84", "87", "590", "560", "376"]);
  const body = b + digits(12 - b.length);
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(body[i]) * (i % 2 ? 3 : 1);
  return body + String((10 - (s % 10)) % 10);
}
function isbn13() {
  const body = "978" + pick(["3", "2", "84", "88", "90", "85", "83", "0", "1"]) + digits(0);
  const full = body + digits(12 - body.length);
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(full[i]) * (i % 2 ? 3 : 1);
  const c = String((10 - (s % 10)) % 10);
  return `${full.slice(0, 3)}-${full.slice(3, 4)}-${full.slice(4, 8)}-${full.slice(8, 12)}-${c}`;
}
const F = {
  train_seats: [
    () => ["en", `Train ${int(100, 9999)} to ${pick(["York", "Bristol", "Leeds", "Exeter"])} leaves platform ${int(1, 14)} at ${hhmm()}; coach ${pick(["A", "B", "C", "D", "E"])}, seat ${int(1, 88)}.`],
    () => ["de", `ICE ${int(500, 1999)} nach ${pick(["Hamburg", "Köln", "Leipzig", "Basel"])}, Wagen ${int(1, 14)}, Platz ${int(11, 128)}, Abfahrt ${hhmm()} von Gleis ${int(1, 22)}.`],
    () => ["fr", `TGV ${int(6000, 9999)} voiture ${int(1, 18)} place ${int(1, 96)}, départ ${hhmm()}, arrivée ${hhmm()}.`],
    () => ["nl", `Intercity ${int(1000, 3999)} naar ${pick(["Zwolle", "Venlo", "Vlissingen"])} vertrekt om ${hhmm()} van spoor ${int(1, 15)}${pick(["a", "b", ""])}.`],
  ],
  lab_samples: [
    () => ["en", `Sample LS-${int(2019, 2026)}-${pad(int(1, 99999), 6)} spun at ${int(10, 45) * 100} rpm for ${int(2, 30)} min; aliquot ${int(1, 6)} of 6 stored at -${pick([20, 80])} °C.`],
    () => ["de", `Probe ${int(1000000, 9999999)}/${int(1, 9)}: pH ${dec(6, 8, 2)}, Trübung ${dec(0, 5, 1)} NTU, Rack ${int(1, 40)}, Position ${pick(["A", "B", "C", "D", "E", "F", "G", "H"])}${int(1, 12)}.`],
    () => ["it", `Campione ${upper(2)}${pad(int(1, 999999), 6)} diluito 1:${pick([10, 50, 100, 1000])}, assorbanza ${dec(0, 2, 3)} a ${int(230, 700)} nm.`],
  ],
  serial_numbers: [
    () => ["en", `Serial no. SN${digits(4)}-${digits(4)}-${digits(4)}, firmware ${int(1, 9)}.${int(0, 30)}.${int(0, 99)}, built in week ${int(1, 52)} of ${int(2015, 2026)}.`],
    () => ["de", `Seriennummer ${upper(3)}${digits(9)}, Baujahr ${int(1998, 2025)}, Betriebsstunden ${int(100, 60000)}.`],
    () => ["pl", `Numer seryjny licznika ${digits(8)}, odczyt ${int(1000, 99999)},${int(0, 9)} kWh z dnia ${isoDate()}.`],
  ],
  lottery: [
    () => ["en", `Raffle ticket ${pad(int(1, 9999), 4)} won the hamper; the draw numbers were ${int(1, 9)}, ${int(10, 19)}, ${int(20, 29)}, ${int(30, 39)}, ${int(40, 49)}.`],
    () => ["es", `Décimo ${pad(int(0, 99999), 5)}, serie ${int(1, 180)}, fracción ${int(1, 10)} — premio de ${int(1, 400) * 20} euros al décimo.`],
    () => ["it", `Biglietto della lotteria n. ${upper(1)} ${pad(int(1, 999999), 6)}, estrazione del ${int(1, 28)} ${pick(["gennaio", "marzo", "luglio"])} ${int(2020, 2026)}.`],
  ],
  sort_codes_alone: [
    () => ["en", `The branch sort code ${pad(int(1, 99), 2)}-${pad(int(0, 99), 2)}-${pad(int(0, 99), 2)} belongs to the ${pick(["Leeds", "Bath", "Truro", "Derby"])} office, which closes at ${hhmm()}.`],
    () => ["de", `Die Bankleitzahl ${int(100, 899)} ${digits(3)} ${digits(2)} gehört zur Filiale in ${pick(["Kassel", "Ulm", "Trier"])}.`],
    () => ["nl", `De BIC ${pick(["INGBNL2A", "RABONL2U", "ABNANL2A", "TRIONL2U"])} hoort bij de bank, niet bij een persoon.`],
  ],
  coordinates: [
    () => ["en", `Meet at ${dec(50, 58, 5)}, -${dec(0, 5, 5)}; the trig point is at ${int(100, 1300)} m.`],
    () => ["fr", `Point de rendez-vous : ${dec(43, 50, 4)}° N, ${dec(0, 7, 4)}° E, altitude ${int(10, 2500)} m.`],
    () => ["pt", `Coordenadas do farol: ${dec(37, 42, 5)} N, ${dec(7, 9, 5)} W, alcance ${int(10, 30)} milhas.`],
  ],
  measurements: [
    () => ["en", `Beam ${int(1200, 9000)} mm x ${int(100, 600)} mm x ${int(80, 300)} mm, design load ${dec(1, 40, 1)} kN/m, deflection ${dec(1, 30, 1)} mm.`],
    () => ["de", `Raum ${dec(2, 9, 2)} m × ${dec(2, 9, 2)} m, Höhe ${dec(2, 3.5, 2)} m, Fläche ${dec(4, 80, 2)} m².`],
    () => ["es", `Parcela de ${int(200, 99999)} m², perímetro ${int(60, 1500)} m, pendiente del ${int(1, 30)} %.`],
  ],
  dates_times: [
    () => ["en", `Between ${isoDate()} ${hhmm()} and ${isoDate()} ${hhmm()} the ward logged ${int(100, 9999)} entries.`],
    () => ["it", `Dal ${int(1, 28)}/${int(1, 12)}/${int(2019, 2026)} al ${int(1, 28)}/${int(1, 12)}/${int(2019, 2026)}, orario ${hhmm()}–${hhmm()}.`],
    () => ["pl", `Zebranie odbędzie się ${int(1, 28)}.${pad(int(1, 12), 2)}.${int(2024, 2027)} o godz. ${hhmm()}, sala ${int(1, 300)}.`],
  ],
  sports_stats: [
    () => ["en", `Won ${int(6, 7)}-${int(0, 4)} ${int(3, 6)}-${int(6, 7)} 7-6(${int(1, 9)}) in ${int(1, 4)} h ${int(1, 59)} min, ${int(1, 30)} aces, ${int(50, 80)}% first serves in.`],
    () => ["es", `El pívot firmó ${int(5, 40)} puntos, ${int(1, 20)} rebotes y ${int(0, 12)} asistencias en ${int(15, 40)} minutos (${int(30, 70)} % en tiros de campo).`],
    () => ["nl", `Uitslag ${int(0, 6)}-${int(0, 6)}, balbezit ${int(35, 65)}%, ${int(2, 25)} schoten, toeschouwers ${int(1000, 54000)}.`],
  ],
  postal_codes: [
    () => ["en", `Deliveries to postcode districts ${pick(["LS", "BS", "EX", "CF"])}${int(1, 29)} and ${pick(["M", "G", "B", "L"])}${int(1, 40)} run on ${pick(["Tuesdays", "Fridays"])}.`],
    () => ["de", `Das Depot ${pad(int(1067, 99998), 5)} ${pick(["Leipzig", "Bonn", "Jena"])} beliefert auch ${pad(int(1067, 99998), 5)} und ${pad(int(1067, 99998), 5)}.`],
    () => ["nl", `Postcodegebied ${int(1000, 9999)} ${upper(2)} tot ${int(1000, 9999)} ${upper(2)} valt onder de nieuwe afvalregeling.`],
    () => ["fr", `La tournée couvre ${pad(int(1000, 95999), 5)}, ${pad(int(1000, 95999), 5)} et ${pad(int(1000, 95999), 5)}, environ ${int(100, 900)} colis par jour.`],
  ],
  model_numbers: [
    () => ["en", `Dishwasher model ${upper(3)}${int(1, 9)}${upper(3)}${int(10, 99)}${upper(1)}, product code 9${digits(2)} ${digits(3)} ${digits(3)} ${digits(2)}, ${int(40, 49)} dB.`],
    () => ["fr", `Réfrigérateur réf. ${upper(2)}${digits(5)}${upper(2)}, classe ${pick(["A", "B", "C", "D"])}, ${int(150, 450)} litres.`],
    () => ["pt", `Máquina de lavar modelo ${upper(3)}${digits(4)}, ${int(6, 11)} kg, ${int(1000, 1600)} rpm.`],
  ],
  imei_luhn: [
    () => ["en", `The handset's IMEI is ${luhnNum(pick(["35", "86", "01"]), 15)}; the repair shop logged it under job ${int(1000, 9999)}.`],
    () => ["de", `IMEI des Diensthandys: ${luhnNum(pick(["35", "86"]), 15)}, Inventar-Nr. ${int(10000, 99999)}.`],
    () => ["nl", `IMEI van het gevonden toestel: ${luhnNum("35", 15)} (gevonden in de bus, lijn ${int(1, 400)}).`],
  ],
  sim_iccid: [
    () => ["en", `SIM ICCID ${luhnNum("8944", 19)} was swapped into the gate controller on ${isoDate()}.`],
    () => ["fr", `Carte SIM de l'alarme, ICCID ${luhnNum("8933", 19)}, remplacée le ${int(1, 28)}/${pad(int(1, 12), 2)}.`],
    () => ["it", `ICCID della SIM del contatore: ${luhnNum("8939", 19)}.`],
  ],
  isbn: [
    () => ["en", `ISBN ${isbn13()}, ${int(120, 900)} pages, shelf mark ${upper(2)} ${int(100, 999)}.${int(1, 99)}.`],
    () => ["es", `Libro con ISBN ${isbn13()}, edición ${int(1, 12)}.ª, ${int(80, 700)} páginas.`],
    () => ["pl", `Podręcznik ISBN ${isbn13()}, wydanie ${int(1, 9)}, nakład ${int(1, 50) * 1000} egz.`],
  ],
  ean_barcodes: [
    () => ["en", `Barcode EAN ${ean13()} scanned ${int(2, 400)} times at the museum shop till.`],
    () => ["de", `Artikel EAN ${ean13()}, Bestand ${int(0, 999)} Stück, Lagerplatz ${upper(1)}-${int(1, 40)}-${int(1, 9)}.`],
    () => ["nl", `EAN-code ${ean13()} staat op ${int(2, 48)} dozen in gang ${int(1, 20)}.`],
  ],
  invoice_refs: [
    () => ["en", `Invoice INV-${int(2020, 2026)}-${pad(int(1, 99999), 6)} for the marquee hire, ${int(100, 9999)}.${pad(int(0, 99), 2)} GBP, due in ${pick([14, 30, 60])} days.`],
    () => ["de", `Rechnung Nr. ${int(2020, 2026)}/${pad(int(1, 9999), 5)} über ${int(100, 99999)},${pad(int(0, 99), 2)} € für die Dacharbeiten.`],
    () => ["pt", `Fatura FT ${int(2020, 2026)}/${int(1, 99999)}, valor ${int(10, 9999)},${pad(int(0, 99), 2)} €, vencimento ${int(1, 28)}/${pad(int(1, 12), 2)}.`],
  ],
  versions_builds: [
    () => ["en", `Release ${int(1, 9)}.${int(0, 40)}.${int(0, 20)} (build ${int(2019, 2026)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}.${int(1, 20)}) fixes ${int(2, 90)} issues.`],
    () => ["en", `commit ${core.random.hex(12)} merged at ${isoDate()}T${hhmm()}:${pad(int(0, 59), 2)}Z, epoch ${int(1500000000, 1800000000)}.`],
    () => ["pl", `Wersja ${int(1, 9)}.${int(0, 40)}.${int(0, 20)}, kompilacja ${int(1000, 99999)}.`],
  ],
  network_addresses: [
    () => ["en", `The projector answers on 10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)} port ${int(1024, 65535)}; MAC ${core.random.hex(2)}:${core.random.hex(2)}:${core.random.hex(2)}:${core.random.hex(2)}:${core.random.hex(2)}:${core.random.hex(2)}.`],
    () => ["de", `Drucker im Lehrerzimmer: 192.168.${int(0, 255)}.${int(2, 254)}, Subnetz 255.255.255.0, VLAN ${int(2, 4000)}.`],
    () => ["es", `El punto de acceso usa el canal ${int(1, 13)}, IP 172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}.`],
  ],
  parcel_tracking: [
    () => ["en", `Parcel tracking ${upper(2)}${digits(9)}${pick(["GB", "NL", "DE"])} reached the depot at ${hhmm()}, ${int(1, 40)} kg.`],
    () => ["nl", `Zending ${pick(["3S", "JV"])}${upper(4)}${digits(9)} is op ${isoDate()} gesorteerd in ${pick(["Nieuwegein", "Zwolle", "Roosendaal"])}.`],
    () => ["it", `Spedizione n. ${digits(12)}, colli ${int(1, 9)}, peso ${dec(0.5, 30, 1)} kg.`],
  ],
  money_amounts: [
    () => ["en", `The roof appeal raised £${int(1, 999)},${pad(int(0, 999), 3)}.${pad(int(0, 99), 2)} against a target of £${int(100, 999)},000.`],
    () => ["fr", `Budget de la commune : ${int(1, 99)} ${pad(int(0, 999), 3)} ${pad(int(0, 999), 3)},${pad(int(0, 99), 2)} € dont ${int(10, 60)} % d'investissement.`],
    () => ["pl", `Koszt remontu: ${int(10, 999)} ${pad(int(0, 999), 3)},${pad(int(0, 99), 2)} zł brutto, dotacja ${int(10, 90)}%.`],
  ],
  science_constants: [
    () => ["en", `Measured g = ${dec(9.78, 9.83, 4)} m/s², compared with the standard 9.80665; uncertainty ${dec(0.0001, 0.01, 4)}.`],
    () => ["de", `Halbwertszeit ${dec(1, 9, 3)} × 10^${int(2, 9)} Jahre, Aktivität ${int(100, 99999)} Bq.`],
    () => ["it", `Costante misurata ${dec(6, 7, 8)} × 10^${int(20, 30)}, errore relativo ${dec(0, 1, 3)} %.`],
  ],
  cas_numbers: [
    () => ["en", `Cabinet ${int(1, 12)} holds CAS ${int(50, 99999)}-${pad(int(0, 99), 2)}-${int(0, 9)}, ${int(1, 25)} L, opened ${isoDate()}.`],
    () => ["fr", `Réactif n° CAS ${int(50, 99999)}-${pad(int(0, 99), 2)}-${int(0, 9)}, pureté ${dec(95, 99.99, 2)} %.`],
    () => ["es", `Producto con número CAS ${int(50, 99999)}-${pad(int(0, 99), 2)}-${int(0, 9)}, lote ${digits(6)}.`],
  ],
  flights: [
    () => ["en", `Flight ${pick(["KL", "BA", "LH", "IB", "TP"])}${int(100, 2999)} boards at gate ${pick(["B", "D", "E", "F"])}${int(1, 60)} at ${hhmm()}, seat ${int(1, 40)}${pick(["A", "C", "D", "F"])}, booking ref ${upper(2)}${digits(1)}${upper(3)}.`],
    () => ["de", `Flug ${pick(["LH", "EW", "DE"])}${int(100, 9999)}, Gate ${pick(["A", "B", "C"])}${int(1, 70)}, Boarding ${hhmm()}, Reihe ${int(1, 35)}.`],
    () => ["pt", `Voo ${pick(["TP", "FR", "U2"])}${int(100, 9999)}, porta ${int(1, 50)}, embarque às ${hhmm()}.`],
  ],
  vehicle_vin: [
    () => ["en", `The minibus VIN is ${pick(["WVW", "VF1", "ZFA", "WDB", "SAL"])}${upper(3)}${digits(3)}${upper(2)}${digits(6)}, odometer ${int(1000, 299999)} km.`],
    () => ["de", `Fahrgestellnummer ${pick(["WVW", "WDB", "WBA"])}ZZZ${digits(2)}${upper(1)}${upper(1)}${digits(6)}, Erstzulassung ${pad(int(1, 12), 2)}/${int(2005, 2025)}.`],
    () => ["fr", `Tracteur n° de série ${digits(7)}, ${int(50, 300)} ch, ${int(100, 9999)} heures.`],
  ],
  museum_inventory: [
    () => ["en", `Object ${int(1900, 2026)}.${pad(int(1, 9999), 4)}.${int(1, 40)}: bronze, ${int(5, 90)} x ${int(5, 90)} cm, gallery ${int(1, 30)}.`],
    () => ["nl", `Inventarisnummer ${int(1900, 2026)}-${pad(int(1, 9999), 4)}, olieverf op doek, ${int(20, 200)} × ${int(20, 200)} cm.`],
    () => ["it", `N. inventario ${digits(5)}/${int(1, 9)}, ${pick(["olio su tavola", "marmo", "terracotta"])}, sec. ${pick(["XV", "XVI", "XVII", "XVIII"])}.`],
  ],
  hotel_rooms: [
    () => ["en", `Room ${int(1, 19)}${pad(int(1, 40), 2)}, key card ${int(1, 3)} of 3, floor ${int(1, 19)}, breakfast ${hhmm()}-${hhmm()}.`],
    () => ["es", `Habitación ${int(100, 999)}, planta ${int(1, 9)}, tarjeta ${int(1, 4)}, salida antes de las ${hhmm()}.`],
    () => ["pl", `Pokój ${int(100, 599)}, piętro ${int(1, 5)}, śniadanie ${hhmm()}–${hhmm()}, doba do ${hhmm()}.`],
  ],
  weather: [
    () => ["en", `Wind ${int(5, 60)} km/h gusting ${int(30, 110)}, pressure ${dec(960, 1040, 1)} hPa, visibility ${int(1, 40)} km.`],
    () => ["de", `Niederschlag ${dec(0, 60, 1)} mm, Temperatur ${dec(-15, 36, 1)} °C, Luftfeuchte ${int(20, 100)} %.`],
    () => ["fr", `Houle de ${dec(0.5, 6, 1)} m, période ${int(5, 16)} s, vent ${int(5, 50)} nœuds du ${int(0, 359)}°.`],
  ],
  membership_numbers: [
    () => ["en", `Rowing club membership ${pad(int(1, 99999999), 8)}, season ${int(2020, 2026)}/${pad(int(21, 27), 2)}, boat locker ${int(1, 120)}.`],
    () => ["de", `Mitgliedsnummer ${int(100000, 9999999)} im Alpenverein, Sektion ${pick(["Bamberg", "Rosenheim", "Kempten"])}, seit ${int(1970, 2025)}.`],
    () => ["es", `Socio n.º ${int(1, 99999)} del club, abono ${int(2020, 2026)}-${int(2021, 2027)}, asiento ${int(1, 40)}-${int(1, 30)}.`],
  ],
  recipes: [
    () => ["en", `Bake at ${int(150, 230)} °C for ${int(20, 70)} min: ${int(100, 800)} g flour, ${int(1, 6)} eggs, ${int(50, 400)} ml milk.`],
    () => ["it", `Impasto: ${int(300, 1000)} g di farina, ${int(200, 700)} ml di acqua, ${int(5, 25)} g di sale, lievitazione ${int(2, 48)} ore.`],
    () => ["pl", `Piec ${int(160, 220)} °C, ${int(30, 90)} minut, ${int(200, 900)} g mąki, ${int(1, 5)} jajka.`],
  ],
  statistics: [
    () => ["en", `Population ${int(1000, 9999999).toLocaleString("en-US")} at the ${pick([2011, 2021])} census, density ${int(10, 9000)} per km², growth ${dec(-2, 3, 1)}%.`],
    () => ["fr", `La commune compte ${int(1000, 99999)} habitants, dont ${int(5, 40)} % de moins de 20 ans (recensement ${int(2010, 2024)}).`],
    () => ["pt", `O concelho tem ${int(1000, 999999)} habitantes e ${int(10, 900)} km² de área.`],
  ],
  patents_standards: [
    () => ["en", `Covered by patent EP ${int(1, 4)} ${digits(3)} ${digits(3)} B1 and standard ISO ${int(100, 59999)}:${int(1990, 2025)}.`],
    () => ["de", `Geprüft nach DIN EN ${int(100, 19999)}-${int(1, 9)}:${int(2000, 2025)}, Prüfbericht ${digits(6)}.`],
    () => ["nl", `Volgens NEN ${int(1000, 9999)}:${int(2000, 2025)}, certificaat ${upper(2)}-${digits(5)}.`],
  ],
  stock_prices: [
    () => ["en", `The FTSE closed at ${int(6000, 8900)}.${pad(int(0, 99), 2)}, up ${dec(0, 2, 2)}%, volume ${int(100000000, 999999999)}.`],
    () => ["de", `DAX ${int(12000, 19999)},${pad(int(0, 99), 2)} Punkte (${pick(["+", "-"])}${dec(0, 2, 2)} %), Umsatz ${int(1, 9)},${int(0, 9)} Mrd. €.`],
    () => ["es", `El IBEX cerró en ${int(8000, 12000)},${int(0, 9)} puntos, con ${int(100, 999)} millones negociados.`],
  ],
  farm_livestock_tags: [
    () => ["en", `Ewe tag UK ${digits(6)} ${digits(5)} lambed twins on ${isoDate()}, weights ${dec(2, 6, 1)} and ${dec(2, 6, 1)} kg.`],
    () => ["nl", `Koe met oormerk NL ${digits(9)} gaf ${dec(15, 45, 1)} liter melk, vet ${dec(3, 5, 2)}%.`],
    () => ["fr", `Bovin boucle FR ${pick(["35", "29", "53", "50", "14", "61"])} ${digits(4)} ${digits(4)}, né le ${int(1, 28)}/${pad(int(1, 12), 2)}/${int(2018, 2025)}, ${int(300, 900)} kg.`],
  ],
};
const benign = [];
for (const family of Object.keys(F)) {
  const got = new Set();
  let tries = 0;
  while (got.size < 30) {
    const [lang, text] = pick(F[family])();
    if (++tries > 500) throw new Error(`benign family ${family} cannot reach 30 distinct sentences`);
    if (got.has(text)) continue;
    got.add(text);
    benign.push({ family, lang, text });
  }
}

// ---------------------------------------------------------------- labels from the reference checks
const input = pii.map((p) => JSON.stringify({ kind: p.kind, sub: p.sub, value: p.values[0], region: p._region })).join("\n") + "\n";
const ref = spawnSync(PYTHON, ["bench/pii_reference_checks.py"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
if (ref.status !== 0) throw new Error(`bench/pii_reference_checks.py failed: ${ref.stderr}`);
const answer = JSON.parse(ref.stdout);
if (answer.passes.length !== pii.length) throw new Error("reference checks answered a different number of values");
pii.forEach((p, i) => {
  const r = answer.passes[i];
  p.check = r === null ? "n/a" : r ? "valid" : "invalid";
  delete p._region;
});

const out = {
  source: "fakerator",
  source_version: SOURCE_VERSION,
  source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_seventh.mjs",
  seed: SEED,
  locales: LOCALE_NAMES,
  templates,
  templates_naming_nothing: naming,
  pii,
  benign,
};
writeFileSync(process.argv[2] ?? "bench/data/pii_seventh.json", JSON.stringify(out, null, 1) + "\n");
const tally = {};
for (const p of pii) tally[`${p.kind}/${p.check}`] = (tally[`${p.kind}/${p.check}`] ?? 0) + 1;
console.log(JSON.stringify({ templates: templates.length, naming_nothing: naming.length, pii: pii.length, tally, benign: benign.length, families: Object.keys(F).length }));
