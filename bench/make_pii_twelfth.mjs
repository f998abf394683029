// Twelfth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `random-name` 0.1.2 (MIT, Dominic Tarr): its word lists (first names,
// middle names, surnames, US place names) give English personal names, surnames mixed into the
// other locales, and the place words that company names and e-mail domains are made of. Its
// own picker calls Math.random, so it is not called: every pick, here and everywhere else, is
// made by the one seeded PRNG of npm `seedrandom` 3.0.5 (MIT).
// Seed: 12121212 (SEED below). Other personal names come from small hand-written lists.
// What random-name lacks is built here from public algorithms: issuer prefix ranges + Luhn for
// cards, ISO 13616 mod-97 IBANs (with the national check digits of ES (CCC), BE, FR (RIB key),
// IT (CIN), PT (NIB) and the PL bank sort-code digit), the eight national identifiers'
// checksums (SSN area rules, HMRC NINO prefixes, BSN 11-test, IdNr ISO 7064 mod 11,10, NIR
// mod 97, DNI/NIE mod 23, codice fiscale odd/even table, built from the person's own name and
// birth date), phone numbers from national numbering plans, and Luhn for the benign IMEI,
// ICCID and SIRET numbers.
// About one value in ten is broken on purpose (a typo, a dropped digit, an unissued prefix);
// every `check` label comes ONLY from bench/pii_reference_checks.py (python-stdnum,
// phonenumbers, Luhn), spawned with the Python named by $PII12_PYTHON (default
// /work/main/.venv/bin/python).
//
// Run:  npm install --prefix /tmp/g12 random-name@0.1.2 seedrandom@3.0.5
//       node bench/make_pii_twelfth.mjs [out.json]      (default bench/data/pii_twelfth.json)
//       ($PII12_NODE_DIR names the npm prefix holding that node_modules; default /tmp/g12)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests,
// its docs or the earlier corpora and their generators beyond the eleventh's header), and the
// output file was committed before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODS = process.env.PII12_NODE_DIR || "/tmp/g12";
const require = createRequire(path.join(MODS, "package.json"));
const seedrandom = require("seedrandom");
const RN_VERSION = require("random-name/package.json").version;
const RN_FIRST = require("random-name/first-names.json");
const RN_MIDDLE = require("random-name/middle-names.json");
const RN_LAST = require("random-name/names.json");
const RN_PLACES = require("random-name/places.json");
const PYTHON = process.env.PII12_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || "bench/data/pii_twelfth.json";
const SEED = 12121212;
const rng = seedrandom(String(SEED));

// ---------------------------------------------------------------- PRNG helpers
const ri = (a, b) => a + Math.floor(rng() * (b - a + 1)); // inclusive
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const chance = (p) => rng() < p;
const digits = (n) => Array.from({ length: n }, () => ri(0, 9)).join("");
const nz = (n) => String(ri(1, 9)) + digits(n - 1); // n digits, no leading zero
const pad = (x, n) => String(x).padStart(n, "0");
const UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letters = (n) => Array.from({ length: n }, () => pick(UP)).join("");
const alnum = (n) => Array.from({ length: n }, () => pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")).join("");
/** Weighted pick from [[item, weight], ...]. */
function wpick(pairs) {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [item, w] of pairs) {
    x -= w;
    if (x < 0) return item;
  }
  return pairs[pairs.length - 1][0];
}
function shuffle(xs) {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const ascii = (s) =>
  s
    .replace(/ß/g, "ss")
    .replace(/[łŁ]/g, (c) => (c === "ł" ? "l" : "L"))
    .replace(/ı/g, "i")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]/g, "");

// ---------------------------------------------------------------- Luhn and friends
function luhnCheckDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const luhnComplete = (body) => body + luhnCheckDigit(body);
/** Big-number mod 97 over a digit string. */
function mod97(s) {
  let r = 0;
  for (const ch of s) r = (r * 10 + Number(ch)) % 97;
  return r;
}

// ---------------------------------------------------------------- locales and people
const LOCALES = [
  "en-US", "en-GB", "en-IE", "de", "de-AT", "de-CH", "fr", "fr-BE", "fr-CH", "es", "es-MX",
  "it", "nl", "nl-BE", "pt-PT", "pt-BR", "pl",
];
const HOME = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const regionOf = (loc) => (loc.includes("-") ? loc.split("-")[1] : HOME[loc]);
const langOf = (loc) => loc.slice(0, 2);

const clean = (xs) => xs.filter((n) => /^[A-Z][a-z]{2,11}$/.test(n));
const EN_F = clean(RN_FIRST);
const EN_M = clean(RN_MIDDLE);
const EN_L = clean(RN_LAST);
const PLACES = RN_PLACES.filter((p) => /^[A-Z][a-z]{3,11}$/.test(p));

const NAMES = {
  de: {
    m: ["Lukas", "Jonas", "Felix", "Tobias", "Stefan", "Jürgen", "Uwe", "Dieter", "Klaus", "Matthias",
      "Andreas", "Thomas", "Florian", "Sebastian", "Bernd", "Niklas", "Moritz", "Hans-Peter"],
    f: ["Sabine", "Anja", "Katrin", "Julia", "Lea", "Hannah", "Mia", "Sophie", "Lena", "Marie",
      "Birgit", "Ursula", "Monika", "Petra", "Susanne", "Claudia", "Franziska", "Jana"],
    l: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
      "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
      "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Vogel",
      "Jäger", "Brandt", "Özdemir", "Gruber", "Huber", "Keller", "Brunner"],
  },
  fr: {
    m: ["Thomas", "Nicolas", "Julien", "Mathieu", "Antoine", "Pierre", "Jean-Luc", "Olivier", "Hugo",
      "Lucas", "Théo", "Maxime", "Guillaume", "Rémi", "Karim", "Yannick"],
    f: ["Camille", "Léa", "Manon", "Chloé", "Sophie", "Émilie", "Nathalie", "Isabelle", "Sandrine",
      "Céline", "Marion", "Inès", "Aurélie", "Hélène", "Margaux", "Amandine"],
    l: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
      "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier", "Girard", "Bonnet",
      "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Faure", "Mercier", "Benali",
      "Peeters", "Renard"],
  },
  es: {
    m: ["Alejandro", "Javier", "Daniel", "Pablo", "Sergio", "Carlos", "José Luis", "Manuel", "Álvaro",
      "Diego", "Jorge", "Raúl", "Iván", "Adrián", "Francisco", "Miguel Ángel"],
    f: ["Lucía", "María", "Paula", "Laura", "Marta", "Andrea", "Sara", "Carmen", "Ana Belén",
      "Cristina", "Elena", "Nerea", "Alba", "Irene", "Rocío", "Beatriz"],
    l: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
      "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
      "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil",
      "Serrano", "Blanco", "Iglesias", "Castro"],
  },
  it: {
    m: ["Marco", "Luca", "Giuseppe", "Francesco", "Alessandro", "Andrea", "Matteo", "Lorenzo",
      "Davide", "Simone", "Federico", "Stefano", "Paolo", "Giovanni", "Riccardo", "Salvatore"],
    f: ["Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Alessia", "Elena",
      "Federica", "Silvia", "Laura", "Anna", "Roberta", "Serena", "Ilaria", "Beatrice"],
    l: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
      "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
      "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
      "Ferrara", "Galli", "Martini", "Leone"],
  },
  nl: {
    m: ["Daan", "Sem", "Lucas", "Bram", "Thijs", "Jeroen", "Sander", "Joost", "Pieter", "Ruud",
      "Mark", "Bas", "Wouter", "Henk", "Koen", "Niels"],
    f: ["Emma", "Julia", "Sophie", "Lotte", "Anouk", "Sanne", "Femke", "Ilse", "Marieke", "Linda",
      "Eva", "Fleur", "Iris", "Noor", "Esther", "Inge"],
    l: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
      "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
      "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
      "Kok", "Jacobs", "Vermeulen", "Willems", "Claes", "Maes"],
  },
  pt: {
    m: ["João", "Pedro", "Tiago", "Rui", "Miguel", "Gonçalo", "Lucas", "Gabriel", "Rafael",
      "Matheus", "Felipe", "Bruno", "Diogo", "André", "Thiago", "Carlos Eduardo"],
    f: ["Ana", "Beatriz", "Mariana", "Inês", "Carolina", "Juliana", "Larissa", "Fernanda", "Camila",
      "Letícia", "Sofia", "Rita", "Joana", "Patrícia", "Bruna", "Luana"],
    l: ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins",
      "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro",
      "Pinto", "Carvalho", "Teixeira", "Moreira", "Correia", "Souza", "Lima", "Araújo", "Barbosa",
      "Cardoso", "Rocha", "Nascimento"],
  },
  pl: {
    m: ["Jakub", "Kacper", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz",
      "Grzegorz", "Adam", "Mateusz", "Wojciech", "Bartosz", "Dawid", "Szymon"],
    f: ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Aleksandra", "Monika", "Ewa",
      "Małgorzata", "Karolina", "Natalia", "Zuzanna", "Julia", "Marta", "Dorota", "Weronika"],
    l: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
      "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
      "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Pawłowski", "Michalski", "Król",
      "Wieczorek", "Jabłoński", "Wróbel", "Majewski"],
  },
};

/** A person of `locale`: first and last name and sex (the identifiers encode it). */
function person(locale) {
  const lang = langOf(locale);
  const sex = chance(0.5) ? "f" : "m";
  if (lang === "en") {
    const first = sex === "f" ? pick(EN_F) : pick(EN_M);
    return { first, last: pick(EN_L), sex };
  }
  const n = NAMES[lang];
  const first = pick(n[sex]);
  let last = chance(0.2) ? pick(EN_L) : pick(n.l);
  if (lang === "es" && chance(0.6)) last = `${last} ${pick(n.l.filter((x) => x !== last))}`;
  if (lang === "pt" && chance(0.4)) last = `${pick(n.l.filter((x) => x !== last))} ${last}`;
  if (lang === "pl" && sex === "f") last = last.replace(/(sk|ck|dzk)i$/, "$1a");
  return { first, last, sex };
}
const fullName = (p) => `${p.first} ${p.last}`;

const CITIES = {
  "en-US": ["Denver", "Austin", "Portland", "Chicago", "Boston", "Sacramento", "Tampa", "Columbus"],
  "en-GB": ["Leeds", "Bristol", "Manchester", "Glasgow", "Norwich", "Cardiff", "York"],
  "en-IE": ["Cork", "Galway", "Limerick", "Dublin", "Waterford"],
  de: ["Hamburg", "Köln", "Leipzig", "Nürnberg", "Freiburg", "Bremen", "Kassel", "Mainz"],
  "de-AT": ["Graz", "Linz", "Salzburg", "Innsbruck", "Wien"],
  "de-CH": ["Zürich", "Basel", "Bern", "Luzern", "Winterthur"],
  fr: ["Lyon", "Nantes", "Lille", "Toulouse", "Rennes", "Bordeaux", "Grenoble"],
  "fr-BE": ["Liège", "Namur", "Charleroi", "Bruxelles", "Mons"],
  "fr-CH": ["Genève", "Lausanne", "Neuchâtel", "Fribourg", "Sion"],
  es: ["Zaragoza", "Valencia", "Sevilla", "Bilbao", "Málaga", "Valladolid", "Murcia"],
  "es-MX": ["Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida"],
  it: ["Torino", "Bologna", "Bari", "Verona", "Padova", "Firenze", "Palermo"],
  nl: ["Utrecht", "Zwolle", "Groningen", "Eindhoven", "Haarlem", "Breda", "Leiden"],
  "nl-BE": ["Gent", "Antwerpen", "Leuven", "Brugge", "Hasselt"],
  "pt-PT": ["Porto", "Braga", "Coimbra", "Faro", "Aveiro", "Lisboa"],
  "pt-BR": ["Campinas", "Curitiba", "Recife", "Salvador", "Belo Horizonte", "Fortaleza"],
  pl: ["Kraków", "Wrocław", "Gdańsk", "Poznań", "Łódź", "Lublin", "Katowice"],
};
const CO_SUFFIX = {
  en: ["Ltd", "LLC", "Inc.", "Logistics", "Supplies", "Partners"],
  de: ["GmbH", "AG", "GmbH & Co. KG", "Logistik GmbH"],
  fr: ["SAS", "SARL", "Distribution SA"],
  es: ["S.L.", "S.A.", "Suministros S.L."],
  it: ["S.r.l.", "S.p.A.", "Forniture S.r.l."],
  nl: ["B.V.", "Groep B.V.", "Logistiek B.V."],
  pt: ["Lda.", "Ltda.", "Comércio Lda."],
  pl: ["Sp. z o.o.", "S.A.", "Logistyka Sp. z o.o."],
};
const company = (lang) => `${pick(PLACES)} ${pick(CO_SUFFIX[lang])}`;

// ---------------------------------------------------------------- small slot values
const MONTHS = {
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"],
  de: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember"],
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"],
  es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre"],
  it: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
    "settembre", "ottobre", "novembre", "dicembre"],
  nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december"],
  pt: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
    "outubro", "novembro", "dezembro"],
  pl: ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
    "września", "października", "listopada", "grudnia"],
};
/** A date as people of `locale` write it: numeric (local order) or with the month's name. */
function dateStr(locale, y = ri(2023, 2026), m = ri(1, 12), d = ri(1, 28)) {
  const lang = langOf(locale);
  if (chance(0.3)) {
    const mn = MONTHS[lang][m - 1];
    if (lang === "en") return locale === "en-US" ? `${mn} ${d}, ${y}` : `${d} ${mn} ${y}`;
    if (lang === "de") return `${d}. ${mn} ${y}`;
    if (lang === "pt" || lang === "es") return `${d} de ${mn} de ${y}`;
    return `${d} ${mn} ${y}`;
  }
  if (chance(0.12)) return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
  if (locale === "en-US") return `${m}/${d}/${y}`;
  if (lang === "de" || lang === "pl") return `${pad(d, 2)}.${pad(m, 2)}.${y}`;
  if (lang === "nl") return `${d}-${m}-${y}`;
  return `${pad(d, 2)}/${pad(m, 2)}/${y}`;
}
const dobOf = (locale, y, m, d) => {
  if (locale === "en-US") return `${pad(m, 2)}/${pad(d, 2)}/${y}`;
  const lang = langOf(locale);
  if (lang === "de" || lang === "pl") return `${pad(d, 2)}.${pad(m, 2)}.${y}`;
  if (lang === "nl") return `${pad(d, 2)}-${pad(m, 2)}-${y}`;
  return `${pad(d, 2)}/${pad(m, 2)}/${y}`;
};
const orderRef = () =>
  wpick([
    [() => `#${nz(6)}`, 3],
    [() => `${letters(2)}-${nz(6)}`, 2],
    [() => `${ri(2023, 2026)}-${pad(ri(1, 99999), 5)}`, 2],
    [() => `${letters(3)}${nz(7)}`, 1],
  ])();
function amount(locale) {
  const n = ri(12, 4800);
  const c = ri(0, 99);
  if (locale === "en-US") return `$${n.toLocaleString("en-US")}.${pad(c, 2)}`;
  if (locale === "en-GB") return `£${n}.${pad(c, 2)}`;
  if (locale === "pt-BR") return `R$ ${n >= 1000 ? `${Math.floor(n / 1000)}.${pad(n % 1000, 3)}` : n},${pad(c, 2)}`;
  if (locale === "es-MX") return `$${n.toLocaleString("en-US")}.${pad(c, 2)} MXN`;
  if (locale === "pl") return `${n},${pad(c, 2)} zł`;
  if (locale.endsWith("CH")) return `CHF ${n}.${pad(c, 2)}`;
  return chance(0.5) ? `${n},${pad(c, 2)} €` : `€${n},${pad(c, 2)}`;
}
const expiry = () => {
  const m = pad(ri(1, 12), 2);
  const y = ri(2025, 2031);
  return wpick([[`${m}/${y % 100}`, 5], [`${m}/${y}`, 2], [`${m}-${y % 100}`, 1]]);
};

// ---------------------------------------------------------------- phones
// Each plan type yields the national significant number as display groups (local
// grouping); `trunk` is the national prefix written before it at home.
const AREA_US = ["212", "213", "303", "305", "312", "404", "415", "503", "512", "602", "614",
  "617", "646", "702", "713", "718", "801", "919", "206", "214", "480", "510", "720", "971"];
const exchUS = () => {
  let e;
  do e = `${ri(2, 9)}${digits(2)}`;
  while (e[1] === "1" && e[2] === "1");
  return e;
};
const PLANS = {
  US: { cc: "1", trunk: "", types: [["fixed", () => [pick(AREA_US), exchUS(), digits(4)]]] },
  CA: { cc: "1", trunk: "", types: [["fixed", () => [pick(["416", "604", "514", "613"]), exchUS(), digits(4)]]] },
  GB: {
    cc: "44", trunk: "0", types: [
      ["mobile", () => [`7${pick(["4", "5", "7", "8", "9"])}${digits(2)}`, digits(6)]],
      ["fixed", () => ["20", `${pick(["7", "8", "3"])}${digits(3)}`, digits(4)]],
      ["fixed", () => [pick(["161", "121", "113", "117", "131", "141", "151"]), `${ri(2, 9)}${digits(2)}`, digits(4)]],
      ["fixed", () => [pick(["1223", "1865", "1904", "1603", "1392"]), `${ri(2, 9)}${digits(5)}`]],
    ],
  },
  IE: {
    cc: "353", trunk: "0", types: [
      ["mobile", () => [pick(["83", "85", "86", "87", "89"]), `${ri(2, 9)}${digits(2)}`, digits(4)]],
      ["fixed", () => ["1", `${ri(2, 9)}${digits(2)}`, digits(4)]],
      ["fixed", () => ["21", `${ri(2, 9)}${digits(2)}`, digits(4)]],
    ],
  },
  DE: {
    cc: "49", trunk: "0", types: [
      ["mobile", () => [pick(["151", "152", "160", "162", "163", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179"]), nz(7)]],
      ["mobile", () => [pick(["151", "152", "176", "177", "178", "179", "157"]), nz(8)]],
      ["fixed", () => [pick(["30", "40", "69", "89"]), nz(pick([7, 8]))]],
      ["fixed", () => [pick(["221", "211", "711", "341", "351", "511", "421", "911"]), nz(pick([6, 7]))]],
    ],
  },
  AT: {
    cc: "43", trunk: "0", types: [
      ["mobile", () => [pick(["664", "676", "650", "660", "680"]), nz(7)]],
      ["fixed", () => ["1", nz(7)]],
      ["fixed", () => [pick(["316", "732", "662", "512"]), nz(6)]],
    ],
  },
  CH: {
    cc: "41", trunk: "0", types: [
      ["mobile", () => [pick(["76", "77", "78", "79"]), nz(3), digits(2), digits(2)]],
      ["fixed", () => [pick(["44", "22", "31", "61", "21", "41", "71"]), nz(3), digits(2), digits(2)]],
    ],
  },
  FR: {
    cc: "33", trunk: "0", types: [
      ["mobile", () => ["6", digits(2), digits(2), digits(2), digits(2)]],
      ["mobile", () => ["7", `${ri(5, 8)}${digits(1)}`, digits(2), digits(2), digits(2)]],
      ["fixed", () => [String(ri(1, 5)), `${ri(2, 5)}${digits(1)}`, digits(2), digits(2), digits(2)]],
    ],
  },
  BE: {
    cc: "32", trunk: "0", types: [
      ["mobile", () => [`4${ri(7, 9)}${digits(1)}`, digits(2), digits(2), digits(2)]],
      ["fixed", () => [pick(["2", "3", "9"]), `${ri(2, 9)}${digits(2)}`, digits(2), digits(2)]],
      ["fixed", () => [pick(["50", "16", "10", "81"]), `${ri(2, 9)}${digits(1)}`, digits(2), digits(2)]],
    ],
  },
  ES: {
    cc: "34", trunk: "", types: [
      ["mobile", () => [`6${digits(2)}`, digits(3), digits(3)]],
      ["mobile", () => [`7${ri(1, 4)}${digits(1)}`, digits(3), digits(3)]],
      ["fixed", () => [pick(["91", "93", "96", "95", "94", "98"]), `${ri(2, 8)}${digits(2)}`, digits(2), digits(2)]],
    ],
  },
  MX: {
    cc: "52", trunk: "", types: [
      ["fixed", () => [pick(["55", "33", "81"]), nz(4), digits(4)]],
      ["fixed", () => [pick(["222", "442", "999"]), nz(3), digits(4)]],
    ],
  },
  IT: {
    cc: "39", trunk: "", types: [
      ["mobile", () => [pick(["320", "328", "329", "333", "334", "335", "338", "339", "340", "342", "345", "347", "348", "349", "366", "380", "388", "389", "392", "393"]), digits(3), digits(4)]],
      ["fixed", () => [pick(["06", "02"]), `${ri(2, 9)}${digits(3)}`, digits(4)]],
      ["fixed", () => [pick(["011", "055", "081", "051", "041", "010"]), `${ri(2, 9)}${digits(2)}`, digits(4)]],
    ],
  },
  NL: {
    cc: "31", trunk: "0", types: [
      ["mobile", () => ["6", `${ri(1, 5)}${digits(3)}`, digits(4)]],
      ["fixed", () => [pick(["20", "10", "70", "30", "40", "50", "71", "24"]), `${ri(2, 8)}${digits(2)}`, digits(4)]],
    ],
  },
  PT: {
    cc: "351", trunk: "", types: [
      ["mobile", () => [`9${pick(["1", "2", "3", "6"])}${digits(1)}`, digits(3), digits(3)]],
      ["fixed", () => [`2${pick(["1", "2"])}${ri(2, 9)}`, digits(3), digits(3)]],
    ],
  },
  BR: {
    cc: "55", trunk: "", types: [
      ["mobile", () => [pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "47", "48"]), `9${ri(6, 9)}${digits(3)}`, digits(4)]],
      ["fixed", () => [pick(["11", "21", "31", "41", "51", "61"]), `${ri(2, 4)}${digits(3)}`, digits(4)]],
    ],
  },
  PL: {
    cc: "48", trunk: "", types: [
      ["mobile", () => [pick(["50", "51", "53", "60", "66", "69", "72", "73", "78", "79", "88"]) + digits(1), digits(3), digits(3)]],
      ["fixed", () => [pick(["22", "12", "61", "71", "58", "42"]), `${ri(2, 8)}${digits(2)}`, digits(2), digits(2)]],
    ],
  },
};

/** How a phone number of `region` is written; each returns a string or null (not used here). */
function phoneForms(region, plan, g) {
  const { cc, trunk } = plan;
  const all = g.join("");
  const t0 = trunk + g[0];
  const rest = g.slice(1);
  const F = [];
  const add = (name, w, s) => s && F.push([[name, s], w]);
  if (region === "US" || region === "CA" || region === "MX") {
    const [a, b, c] = g;
    add("bracketed", 4, `(${a}) ${b}-${c}`);
    add("dashed", 3, `${a}-${b}-${c}`);
    add("dotted", region === "MX" ? 0.5 : 2, `${a}.${b}.${c}`);
    add("national", 2, `${a} ${b} ${c}`);
    add("intl", 2, `+${cc} ${a} ${b} ${c}`);
    add("intl_dashed", 1, `+${cc}-${a}-${b}-${c}`);
    add("intl_bracketed", 1, `+${cc} (${a}) ${b}-${c}`);
    add("e164", 1, `+${cc}${all}`);
    if (region !== "MX") add("trunk_one", 1, `1-${a}-${b}-${c}`);
    if (region !== "MX") add("with_ext", 1, `${a}-${b}-${c} ${pick(["ext. ", "x", "ext "])}${ri(2, 4) === 2 ? digits(2) : digits(3)}`);
    return F;
  }
  add("national", 6, `${t0} ${rest.join(" ")}`);
  add("intl", 4, `+${cc} ${g.join(" ")}`);
  add("e164", 1, `+${cc}${all}`);
  add("intl_00", 1.5, `00${cc} ${g.join(" ")}`);
  add("national_compact", 1.5, `${trunk}${all}`);
  if (trunk === "0" && region !== "FR") add("intl_trunk", 1.2, `+${cc} (0)${g.join(" ")}`);
  if (region === "FR") {
    add("dotted", 2, `${t0}.${rest.join(".")}`);
    add("intl_trunk", 0.7, `+${cc} (0)${g.join(" ")}`);
    add("dashed", 0.5, `${t0}-${rest.join("-")}`);
  }
  if (region === "DE" || region === "AT" || region === "CH") {
    add("slashed", 2.5, `${t0}/${rest.join(region === "CH" ? " " : "")}`);
    add("bracketed", 1, `(${t0}) ${rest.join(" ")}`);
    add("dashed", 1, `${t0}-${rest.join("")}`);
  }
  if (region === "NL") {
    add("dashed", 3, `${t0}-${rest.join(g[0] === "6" ? "" : " ")}`);
    add("bracketed", 1, `(${t0}) ${rest.join(" ")}`);
  }
  if (region === "BR") {
    F.length = 0;
    const [dd, a, b] = g;
    add("bracketed", 6, `(${dd}) ${a}-${b}`);
    add("national", 2, `${dd} ${a}-${b}`);
    add("intl", 2, `+55 ${dd} ${a}-${b}`);
    add("intl_bracketed", 1, `+55 (${dd}) ${a}${b}`.replace(/(\d{4,5})(\d{4})$/, "$1-$2"));
    add("national_compact", 1, `${dd}${a}${b}`);
    add("e164", 0.6, `+55${all}`);
  }
  if (region === "IT") {
    add("slashed", 1, `${g[0]}/${rest.join("")}`);
    add("dashed", 1, `${g[0]}-${rest.join("")}`);
  }
  if (region === "PL" || region === "PT" || region === "ES") {
    add("dashed", region === "PL" ? 2 : 0.6, `${g[0]}-${rest.join("-")}`);
    if (region === "PL" && g.length === 4) add("bracketed", 1, `(${g[0]}) ${rest.join(" ")}`);
  }
  if (region === "GB" || region === "IE") {
    add("bracketed", 1, `(${t0}) ${rest.join(" ")}`);
    add("with_ext", 0.6, `${t0} ${rest.join(" ")} ext. ${digits(3)}`);
  }
  if (region === "BE") add("slashed", 1.5, `${t0}/${rest.join(" ")}`);
  add("spoken_digits", 0.3, `${trunk}${all}`.split("").join(" "));
  return F;
}

/** One phone of `region`: {value, form, sub, intended}; about 1 in 10 broken. */
function phone(region) {
  const plan = PLANS[region];
  const [sub, gen] = pick(plan.types);
  let g = gen();
  let intended = true;
  if (chance(0.1)) {
    intended = false;
    const i = ri(0, g.length - 1);
    const how = ri(0, 2);
    if (how === 0 && g[i].length > 1) g[i] = g[i].slice(0, -1); // dropped digit
    else if (how === 1) g[i] = g[i] + digits(1); // one too many
    else g[0] = region === "US" ? `1${digits(2)}` : g[0] === "6" || g[0] === "7" ? "8" : `0${g[0]}`; // no such prefix
  }
  const [form, value] = wpick(phoneForms(region, plan, g));
  return { value, form, sub, intended };
}

// ---------------------------------------------------------------- cards
const BRANDS = {
  visa: () => ({ prefix: "4" + digits(5), len: chance(0.04) ? 13 : 16 }),
  mastercard: () => ({ prefix: chance(0.7) ? `5${ri(1, 5)}${digits(4)}` : `2${ri(221, 720)}${digits(2)}`, len: 16 }),
  amex: () => ({ prefix: `3${pick(["4", "7"])}${digits(4)}`, len: 15 }),
  discover: () => ({ prefix: chance(0.5) ? `6011${digits(2)}` : `65${digits(4)}`, len: 16 }),
  jcb: () => ({ prefix: `35${ri(28, 89)}${digits(2)}`, len: 16 }),
  diners: () => ({ prefix: chance(0.5) ? `36${digits(4)}` : `30${ri(0, 5)}${digits(3)}`, len: 14 }),
  maestro: () => ({ prefix: `${pick(["5018", "5020", "5038", "6304", "6759", "6761"])}${digits(2)}`, len: pick([16, 16, 19, 18]) }),
  unionpay: () => ({ prefix: `62${digits(4)}`, len: pick([16, 16, 19]) }),
  elo: () => ({ prefix: pick(["636368", "438935", "504175", "451416", "636297", "509048"]), len: 16 }),
  hipercard: () => ({ prefix: "606282", len: 16 }),
};
const BRAND_MIX = {
  US: [["visa", 5], ["mastercard", 4], ["amex", 2.5], ["discover", 1.5], ["diners", 0.3], ["jcb", 0.3]],
  BR: [["visa", 3], ["mastercard", 4], ["elo", 2], ["hipercard", 1], ["amex", 0.7]],
  MX: [["visa", 5], ["mastercard", 4], ["amex", 1.5]],
  default: [["visa", 5], ["mastercard", 5], ["amex", 1], ["maestro", 1], ["unionpay", 0.3], ["jcb", 0.3], ["diners", 0.2], ["discover", 0.2]],
};
function groupCard(num) {
  const n = num.length;
  if (n === 15) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)];
  if (n === 14) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)];
  const g = [];
  for (let i = 0; i < n; i += 4) g.push(num.slice(i, i + 4));
  return g;
}
function card(region) {
  const brand = wpick(BRAND_MIX[region] || BRAND_MIX.default);
  const { prefix, len } = BRANDS[brand]();
  let num = luhnComplete(prefix + digits(len - prefix.length - 1));
  let intended = true;
  if (chance(0.1)) {
    intended = false;
    const i = ri(4, num.length - 1);
    const d = (Number(num[i]) + ri(1, 9)) % 10;
    num = num.slice(0, i) + d + num.slice(i + 1);
  }
  const g = groupCard(num);
  const forms = [
    [["spaced", g.join(" ")], 6],
    [["dashed", g.join("-")], 2],
    [["plain", num], 2.5],
    [["odd_spacing", num.replace(/^(\d{4})(\d{6})(\d{2})/, "$1 $2 $3 ")], 0.4],
    [["dotted", g.join(".")], 0.3],
  ];
  const [form, value] = wpick(forms);
  return { value, form, sub: brand, intended };
}

// ---------------------------------------------------------------- IBANs
function ibanOf(cc, bban) {
  const rearr = (bban + cc + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return cc + pad(98 - mod97(rearr), 2) + bban;
}
function esCcc(bank, branch, acct) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const d = (s) => {
    const r = 11 - ([...s].reduce((sum, c, i) => sum + Number(c) * w[i], 0) % 11);
    return r === 11 ? 0 : r === 10 ? 1 : r;
  };
  return `${d("00" + bank + branch)}${d(acct)}`;
}
function frRibKey(bank, branch, acct) {
  const conv = acct.replace(/[A-Z]/g, (c) => String("12345678912345678923456789".charAt(c.charCodeAt(0) - 65)));
  const r = (89 * Number(bank) + 15 * Number(branch) + 3 * Number(conv)) % 97;
  return pad(97 - r, 2);
}
function itCin(abi, cab, acct) {
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  const s = abi + cab + acct;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return UP[sum % 26];
}
function plBank() {
  const b = pick(["1020", "1050", "1090", "1140", "1160", "1240", "1320", "1540", "1750", "2490"]) + pad(ri(0, 999), 3);
  const w = [3, 9, 7, 1, 3, 9, 7];
  const s = [...b].reduce((t, c, i) => t + Number(c) * w[i], 0);
  return b + String((10 - (s % 10)) % 10);
}
const BIC = {
  DE: ["COBADEFFXXX", "DEUTDEFF", "GENODEM1GLS", "BYLADEM1001", "INGDDEFFXXX", "HYVEDEMMXXX"],
  AT: ["BKAUATWW", "RZBAATWW", "GIBAATWWXXX"], CH: ["UBSWCHZH80A", "CRESCHZZ80A", "POFICHBEXXX"],
  FR: ["BNPAFRPPXXX", "SOGEFRPP", "CRLYFRPP", "AGRIFRPP882", "CEPAFRPP751"],
  BE: ["GEBABEBB", "KREDBEBB", "BBRUBEBB"], ES: ["CAIXESBBXXX", "BSCHESMM", "BBVAESMMXXX"],
  IT: ["UNCRITMM", "BCITITMM", "BPMOIT22XXX"], NL: ["INGBNL2A", "RABONL2U", "ABNANL2A", "TRIONL2U", "SNSBNL2A"],
  PT: ["CGDIPTPL", "BCOMPTPL", "BESCPTPL"], PL: ["PKOPPLPW", "BREXPLPW", "INGBPLPW"],
  GB: ["NWBKGB2L", "BARCGB22", "LOYDGB21", "HBUKGB4B", "MIDLGB22"], IE: ["AIBKIE2D", "BOFIIE2D"],
  BR: ["BRASBRRJ", "ITAUBRSP"], LU: ["BCEELULL", "BILLLULL"],
};
const BBAN = {
  DE: () => nz(8) + digits(10),
  AT: () => nz(5) + digits(11),
  CH: () => pad(ri(100, 9999), 5) + digits(12),
  FR: () => {
    const bank = pick(["30004", "30003", "30002", "20041", "10278", "11306", "30066", "16606"]);
    const branch = digits(5);
    const acct = chance(0.15) ? `${letters(1)}${digits(10)}` : digits(11);
    return bank + branch + acct + frRibKey(bank, branch, acct);
  },
  BE: () => {
    const bank = pick([pad(ri(0, 99), 3), String(ri(300, 499)), String(ri(220, 299))]);
    const acct = digits(7);
    const c = Number(bank + acct) % 97;
    return bank + acct + pad(c || 97, 2);
  },
  ES: () => {
    const bank = pick(["2100", "0049", "0182", "0081", "2085", "0128", "1465"]);
    const branch = digits(4);
    const acct = digits(10);
    return bank + branch + esCcc(bank, branch, acct) + acct;
  },
  IT: () => {
    const abi = pick(["02008", "03069", "05034", "03062", "01030", "05387"]);
    const cab = digits(5);
    const acct = digits(12);
    return itCin(abi, cab, acct) + abi + cab + acct;
  },
  NL: (bic) => bic.slice(0, 4) + digits(10),
  PT: () => {
    const b = pick(["0035", "0033", "0007", "0010", "0036"]) + digits(4) + digits(11);
    return b + pad(98 - ((mod97(b) * 100) % 97), 2);
  },
  PL: () => plBank() + digits(16),
  GB: (bic) => bic.slice(0, 4) + digits(6) + digits(8),
  IE: (bic) => bic.slice(0, 4) + digits(6) + digits(8),
  BR: () => digits(8) + digits(5) + digits(10) + pick(["C", "P"]) + pick(["1", "2"]),
  LU: () => digits(3) + digits(13),
};
const IBAN_HOME = {
  "en-US": ["DE", "GB", "FR", "NL", "IE"], "en-GB": ["GB"], "en-IE": ["IE"], de: ["DE"],
  "de-AT": ["AT"], "de-CH": ["CH"], fr: ["FR"], "fr-BE": ["BE"], "fr-CH": ["CH"], es: ["ES"],
  "es-MX": ["ES"], it: ["IT"], nl: ["NL"], "nl-BE": ["BE"], "pt-PT": ["PT"], "pt-BR": ["BR", "PT"],
  pl: ["PL"],
};
function iban(locale) {
  const cc = chance(0.85) ? pick(IBAN_HOME[locale]) : pick(["DE", "FR", "NL", "ES", "IT", "BE", "LU", "AT", "PT"]);
  const bic = pick(BIC[cc]);
  let full = ibanOf(cc, BBAN[cc](bic));
  let intended = true;
  if (chance(0.1)) {
    intended = false;
    const i = ri(4, full.length - 1);
    if (chance(0.5) && /\d/.test(full[i])) full = full.slice(0, i) + ((Number(full[i]) + ri(1, 9)) % 10) + full.slice(i + 1);
    else full = full.slice(0, i) + full.slice(i + 1); // dropped character
  }
  const print = full.match(/.{1,4}/g).join(" ");
  const forms = [
    [["print", print], 6],
    [["compact", full], 3],
    [["lower", print.toLowerCase()], 0.4],
    [["dashed", full.match(/.{1,4}/g).join("-")], 0.4],
    [["split_bban", `${full.slice(0, 4)} ${full.slice(4)}`], 0.6],
  ];
  const [form, value] = wpick(forms);
  return { value, form, sub: cc, intended, bic };
}

// ---------------------------------------------------------------- national identifiers
const ID_HOME = {
  us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es",
  es_nie: "es", it_cf: "it",
};
const ID_LABELS = {
  us_ssn: { home: ["SSN", "Social Security number", "social security no."], short: "SSN" },
  uk_nino: { home: ["NI number", "National Insurance number", "NINO", "NI no."], short: "NI number" },
  nl_bsn: { home: ["BSN", "burgerservicenummer", "BSN-nummer"], short: "BSN" },
  de_idnr: { home: ["Steuer-ID", "Steueridentifikationsnummer", "Steuer-IdNr.", "IdNr"], short: "Steuer-ID" },
  fr_nir: { home: ["numéro de sécurité sociale", "numéro de sécu", "NIR", "n° SS"], short: "NIR" },
  es_dni: { home: ["DNI", "NIF", "número de DNI"], short: "DNI" },
  es_nie: { home: ["NIE", "número de NIE", "NIE de extranjero"], short: "NIE" },
  it_cf: { home: ["codice fiscale", "C.F.", "cod. fiscale"], short: "codice fiscale" },
};
const NINO_A = "ABCEGHJKLMNOPRSTWXYZ";
const NINO_B = "ABCEGHJKLMNPRSTWXYZ";
const CF_MONTH = "ABCDEHLMPRST";
const CF_TOWN = ["H501", "F205", "L219", "F839", "D612", "A944", "L736", "G273", "D969", "B157", "C351", "L424", "A662"];
function cfPart(s, isName) {
  const up = ascii(s).toUpperCase();
  const cons = up.replace(/[AEIOU]/g, "");
  const vow = up.replace(/[^AEIOU]/g, "");
  if (isName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + "XXX").slice(0, 3);
}
function cfCheck(s15) {
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s15[i];
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return UP[sum % 26];
}
function mod1110Check(s) {
  let p = 10;
  for (const c of s) {
    let t = (Number(c) + p) % 10;
    if (t === 0) t = 10;
    p = (2 * t) % 11;
  }
  return String((11 - p) % 10);
}
const dniLetter = (n) => "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23];

/** An identifier of `sub` for person `p` born y-m-d: {value, form, intended}. */
function nationalId(sub, p, y, m, d) {
  const broken = chance(0.12);
  let compactV;
  let forms;
  if (sub === "us_ssn") {
    let area = pad(ri(1, 899), 3);
    if (area === "666") area = "667";
    let group = pad(ri(1, 99), 2);
    const serial = pad(ri(1, 9999), 4);
    if (broken) {
      const how = ri(0, 2);
      if (how === 0) area = pick(["000", "666", `9${digits(2)}`]);
      else if (how === 1) group = "00";
      else area = area.slice(0, 2); // a digit short
    }
    compactV = area + group + serial;
    forms = [[["dashed", `${area}-${group}-${serial}`], 6], [["spaced", `${area} ${group} ${serial}`], 1.5], [["plain", compactV], 2]];
  } else if (sub === "uk_nino") {
    let pre;
    do pre = pick(NINO_A) + pick(NINO_B);
    while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
    let suf = pick("ABCD");
    const num = digits(6);
    if (broken) {
      if (chance(0.5)) pre = pick(["D", "F", "I", "Q", "U", "V"]) + pick(NINO_B);
      else if (chance(0.5)) suf = pick("EFGHXZ");
      else pre = pick(["GB", "BG", "NK", "TN"]);
    }
    compactV = pre + num + suf;
    const sp = `${pre} ${num.slice(0, 2)} ${num.slice(2, 4)} ${num.slice(4)} ${suf}`;
    forms = [[["spaced", sp], 5], [["plain", compactV], 3], [["lower", compactV.toLowerCase()], 0.6], [["half_spaced", `${pre}${num} ${suf}`], 0.8]];
  } else if (sub === "nl_bsn") {
    let b;
    do {
      b = nz(8);
      const s = [...b].reduce((t, c, i) => t + Number(c) * (9 - i), 0);
      const last = s % 11;
      if (last <= 9) b += String(last);
    } while (b.length !== 9);
    if (broken) {
      const i = ri(0, 8);
      b = b.slice(0, i) + ((Number(b[i]) + ri(1, 9)) % 10) + b.slice(i + 1);
    }
    compactV = b;
    forms = [[["plain", b], 6], [["dotted", `${b.slice(0, 4)}.${b.slice(4, 6)}.${b.slice(6)}`], 2], [["spaced", `${b.slice(0, 3)} ${b.slice(3, 6)} ${b.slice(6)}`], 2]];
  } else if (sub === "de_idnr") {
    const ds = shuffle([..."0123456789"]);
    const three = chance(0.2);
    const uniq = ds.slice(0, three ? 8 : 9);
    const body = shuffle([...uniq, uniq[0], ...(three ? [uniq[0]] : [])]);
    if (body[0] === "0") {
      const j = body.findIndex((c) => c !== "0");
      [body[0], body[j]] = [body[j], body[0]];
    }
    let v = body.join("");
    v += mod1110Check(v);
    if (broken) {
      const i = ri(1, 10);
      v = v.slice(0, i) + ((Number(v[i]) + ri(1, 9)) % 10) + v.slice(i + 1);
    }
    compactV = v;
    forms = [[["plain", v], 5], [["spaced", `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}`], 4], [["spaced_alt", `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6, 9)} ${v.slice(9)}`], 1]];
  } else if (sub === "fr_nir") {
    const sex = p.sex === "m" ? "1" : "2";
    let dept = pick(["75", "69", "13", "33", "31", "59", "44", "67", "2A", "2B", "35", "38", "92", "93"]);
    const commune = pad(ri(1, 500), 3);
    const order = pad(ri(1, 999), 3);
    let body = sex + pad(y % 100, 2) + pad(m, 2) + dept + commune + order;
    const num = body.replace("2A", "19").replace("2B", "18");
    let key = pad(97 - (Number(BigInt(num.slice(0, 13)) % 97n)), 2);
    if (broken) key = pad((Number(key) + ri(1, 40)) % 98, 2);
    compactV = body + key;
    const sp = `${body[0]} ${body.slice(1, 3)} ${body.slice(3, 5)} ${body.slice(5, 7)} ${body.slice(7, 10)} ${body.slice(10, 13)} ${key}`;
    forms = [[["spaced", sp], 6], [["plain", compactV], 2.5], [["key_apart", `${body} ${key}`], 1.5]];
  } else if (sub === "es_dni") {
    const n = ri(1000000, 99999999);
    let l = dniLetter(n);
    if (broken) l = "TRWAGMYFPDXBNJZSQVHLCKE"[(("TRWAGMYFPDXBNJZSQVHLCKE".indexOf(l) + ri(1, 22)) % 23)];
    const ns = pad(n, 8);
    compactV = ns + l;
    forms = [
      [["plain", compactV], 6], [["dashed", `${ns}-${l}`], 2],
      [["dotted", `${ns.slice(0, 2)}.${ns.slice(2, 5)}.${ns.slice(5)}-${l}`], 1.2],
      [["spaced", `${ns} ${l}`], 0.8], [["lower_letter", ns + l.toLowerCase()], 0.5],
    ];
  } else if (sub === "es_nie") {
    const x = ri(0, 2);
    const n = digits(7);
    let l = dniLetter(Number(String(x) + n));
    if (broken) l = "TRWAGMYFPDXBNJZSQVHLCKE"[(("TRWAGMYFPDXBNJZSQVHLCKE".indexOf(l) + ri(1, 22)) % 23)];
    const xl = "XYZ"[x];
    compactV = xl + n + l;
    forms = [[["plain", compactV], 6], [["dashed", `${xl}-${n}-${l}`], 2], [["spaced", `${xl} ${n} ${l}`], 1]];
  } else if (sub === "it_cf") {
    const dd = p.sex === "f" ? d + 40 : d;
    let s = cfPart(p.last, false) + cfPart(p.first, true) + pad(y % 100, 2) + CF_MONTH[m - 1] + pad(dd, 2) + pick(CF_TOWN);
    let c = cfCheck(s);
    if (broken) {
      if (chance(0.7)) c = UP[(UP.indexOf(c) + ri(1, 25)) % 26];
      else s = s.slice(0, 8) + "Z" + s.slice(9); // no month Z
    }
    compactV = s + c;
    forms = [[["plain", compactV], 6], [["lower", compactV.toLowerCase()], 1.2], [["spaced", `${compactV.slice(0, 3)} ${compactV.slice(3, 6)} ${compactV.slice(6, 11)} ${compactV.slice(11)}`], 1]];
  }
  const [form, value] = wpick(forms);
  return { value, form, intended: !broken };
}

// ---------------------------------------------------------------- e-mails
const FREEMAIL = {
  "en-US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com", "proton.me"],
  "en-GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "sky.com"],
  "en-IE": ["gmail.com", "eircom.net", "hotmail.com", "outlook.ie"],
  de: ["web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de", "gmx.net"],
  "de-AT": ["gmx.at", "aon.at", "chello.at", "gmail.com"],
  "de-CH": ["bluewin.ch", "gmx.ch", "sunrise.ch", "gmail.com"],
  fr: ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "wanadoo.fr", "hotmail.fr"],
  "fr-BE": ["skynet.be", "telenet.be", "gmail.com", "hotmail.be"],
  "fr-CH": ["bluewin.ch", "gmail.com", "hispeed.ch"],
  es: ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "outlook.es"],
  "es-MX": ["gmail.com", "hotmail.com", "prodigy.net.mx", "yahoo.com.mx", "outlook.com"],
  it: ["libero.it", "virgilio.it", "gmail.com", "alice.it", "tiscali.it", "hotmail.it"],
  nl: ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "xs4all.nl", "planet.nl"],
  "nl-BE": ["telenet.be", "skynet.be", "gmail.com", "hotmail.be"],
  "pt-PT": ["sapo.pt", "gmail.com", "hotmail.com", "netcabo.pt"],
  "pt-BR": ["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com", "terra.com.br", "yahoo.com.br"],
  pl: ["wp.pl", "o2.pl", "onet.pl", "interia.pl", "gmail.com", "op.pl"],
};
const CO_TLD = {
  "en-US": ["com", "us", "io"], "en-GB": ["co.uk", "com"], "en-IE": ["ie", "com"], de: ["de", "com"],
  "de-AT": ["at"], "de-CH": ["ch"], fr: ["fr", "com"], "fr-BE": ["be"], "fr-CH": ["ch"],
  es: ["es", "com"], "es-MX": ["com.mx", "mx"], it: ["it", "com"], nl: ["nl", "com"], "nl-BE": ["be"],
  "pt-PT": ["pt"], "pt-BR": ["com.br"], pl: ["pl", "com.pl"],
};
function email(locale, p) {
  const f = ascii(p.first).toLowerCase();
  const l = ascii(p.last).toLowerCase();
  const work = chance(0.35);
  let domain;
  if (work) {
    const w = pick(PLACES).toLowerCase();
    domain = `${chance(0.3) ? `${w}-${pick(["group", "logistics", "consult", "tech", "bau", "med", "legal"])}` : w}.${pick(CO_TLD[locale])}`;
  } else domain = pick(FREEMAIL[locale]);
  const handles = work
    ? [[`${f}.${l}`, 5], [`${f[0]}.${l}`, 2], [`${f[0]}${l}`, 2], [f, 1], [`${l}`, 0.5]]
    : [[`${f}.${l}`, 3], [`${f}${l}`, 1.5], [`${f}.${l}${ri(1, 99)}`, 2], [`${f}_${l}`, 1], [`${l}.${f}`, 1],
      [`${f}${ri(60, 99)}`, 1], [`${pick(PLACES).toLowerCase()}${ri(1, 999)}`, 1.2], [`${f[0]}${l}${ri(70, 99)}`, 1], [`${f}-${l}`, 0.6]];
  let handle = wpick(handles);
  let form = work ? "work" : "plain";
  let value = `${handle}@${domain}`;
  const r = rng();
  if (r < 0.1) {
    form = "plus_tag";
    value = `${handle}+${pick(["shop", "news", "amazon", "bank", "spam", "work", "2024"])}@${domain}`;
  } else if (r < 0.2) {
    form = "mixed_case";
    value = `${handle.replace(/(^|[._-])([a-z])/g, (_, a, b) => a + b.toUpperCase())}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
  } else if (r < 0.24) {
    form = "upper";
    value = value.toUpperCase();
  } else if (r < 0.3 && work) {
    form = "subdomain";
    value = `${handle}@${pick(["mail", "eu", "corp", "de", "uk"])}.${domain}`;
  }
  return { value, form, sub: work ? "work" : "freemail", intended: null };
}

// ---------------------------------------------------------------- PII templates
// N = names the kind of value (a word for e-mail, phone, card, account, id); Q = names nothing.
const N = (t) => [true, t];
const Q = (t) => [false, t];
const T = {
  en: {
    email: [
      N("Hi, it's {first} again - my new email is {v}, the old one keeps bouncing."),
      N("Name: {name} | Email: {v} | Order: {ord}"),
      N("pls send the invoice to my work e-mail {v} not the personal one thx"),
      N("[Ticket {ord}] Customer says the reset link never arrived at her email address ({v}). Can someone look?"),
      Q("On {date}, {name} <{v}> wrote:"),
      Q("cc {v} on this please, {first} is handling the {city} account now"),
      Q("Kind regards,\n{name}\nSenior Buyer | {company}\n{v}"),
    ],
    phone: [
      N("Call me on my mobile {v} after 6pm, I'm in meetings all day."),
      N("Phone: {v}\nBest time to reach: mornings"),
      N("caller left a voicemail, callback number {v}, re order {ord}"),
      N("my cell is {v} text me when ur outside"),
      Q("{name} - {v} - {city} office"),
      Q("if it's urgent just try {v}, ask for {first}"),
    ],
    card: [
      N("Card number: {v} exp {exp} - please take the deposit of {amt}."),
      N("I was charged twice on my credit card {v}, can you refund one of them?"),
      N("Payment failed for card {v}, customer wants to retry tomorrow. Ticket {ord}"),
      Q("{name},{v},{exp},{amt}"),
      Q("here you go: {v} {exp} (billing address same as shipping)"),
    ],
    iban: [
      N("Please transfer the refund to IBAN {v} (account holder {name})."),
      N("Bank details - IBAN: {v}  BIC: {bic}"),
      N("our bank account changed!! new iban {v}, the old one closes {date}"),
      Q("Beneficiary: {name}\n{v}\nRef: {ord}"),
      Q("{name},{v},{amt}"),
    ],
    national_id: [
      N("My {label} is {v} if you need it for the form."),
      N("{label}: {v}"),
      N("Applicant {name}, DOB {dob}, {label} {v}"),
      Q("{name} | {dob} | {v}"),
      Q("ref. {v} - scan attached, let me know if it's unreadable"),
    ],
  },
  de: {
    email: [
      N("Meine E-Mail-Adresse hat sich geändert, bitte ab sofort an {v} schreiben. Danke, {first}"),
      N("E-Mail: {v} · Kundennr. {ord}"),
      N("Kannst du mir die Unterlagen per Mail schicken? {v} - am besten bis {date}."),
      Q("Am {date} schrieb {name} <{v}>:"),
      Q("Rückfragen bitte direkt an {v} ({name}, Buchhaltung)."),
      Q("Mit freundlichen Grüßen\n{name}\nEinkauf | {company}\n{v}"),
    ],
    phone: [
      N("Ruf mich am besten auf dem Handy an: {v}"),
      N("Tel.: {v} · Fax bitte nicht mehr verwenden"),
      N("Rückrufbitte von {name}, Telefonnummer {v}, wegen Auftrag {ord}."),
      N("Telefonisch erreichbar unter {v} (Mo-Fr 8-16 Uhr)."),
      Q("{name}, {v}, {city}"),
      Q("Bei Fragen gerne unter {v} melden, frag nach {first}."),
    ],
    card: [
      N("Kartennummer: {v}, gültig bis {exp}"),
      N("Bitte buchen Sie die Anzahlung von meiner Kreditkarte ab: {v}"),
      N("Kunde meldet Doppelbuchung auf Karte {v} am {date}, Betrag {amt}"),
      Q("{name};{v};{exp}"),
      Q("hier die Daten: {v} - Ablauf {exp}, den Rest gebe ich dir mündlich"),
    ],
    iban: [
      N("Bitte überweisen Sie den Betrag auf folgendes Konto: IBAN {v}, Kontoinhaber {name}"),
      N("Bankverbindung: {v} (BIC {bic})"),
      N("Neue Kontoverbindung ab {date}: IBAN {v}"),
      Q("Empfänger: {name}\n{v}\nVerwendungszweck: {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Meine {label} lautet {v}."),
      N("{label}: {v} (bitte für die Lohnabrechnung übernehmen)"),
      N("Antragsteller: {name}, geb. {dob}, {label} {v}"),
      Q("{name}; {dob}; {v}"),
      Q("Nachweis anbei, hier nochmal zum Abtippen: {v}"),
    ],
  },
  fr: {
    email: [
      N("Bonjour, pouvez-vous mettre à jour mon adresse mail : {v} ? Merci d'avance. {first}"),
      N("Courriel : {v} - dossier {ord}"),
      N("jai pas reçu le mail de confirmation, mon adresse c'est {v} (vous pouvez vérifier ?)"),
      Q("Le {date}, {name} <{v}> a écrit :"),
      Q("Merci de répondre directement à {v}, je suis absent jusqu'au {date}."),
      Q("Cordialement,\n{name}\n{company} - service achats\n{v}"),
    ],
    phone: [
      N("Tu peux m'appeler au {v} ce soir après 19h"),
      N("Tél. portable : {v}"),
      N("Rappeler {name} au {v} concernant le dossier {ord}"),
      Q("{name} / {v} / {city}"),
      Q("Si besoin, je suis joignable au {v} toute la journée"),
    ],
    card: [
      N("Numéro de carte : {v} - expiration {exp}"),
      N("Vous pouvez débiter ma carte bancaire {v} pour l'acompte de {amt}"),
      N("Le client conteste un paiement par CB ({v}) du {date}"),
      Q("{name} ; {v} ; {exp}"),
      Q("voilà : {v}, fin {exp}, le code au dos je vous le donne de vive voix"),
    ],
    iban: [
      N("Merci de virer le remboursement sur mon IBAN : {v}"),
      N("RIB - IBAN {v} - BIC {bic} - titulaire {name}"),
      N("changement de compte bancaire : nouvel IBAN {v} à partir du {date}"),
      Q("Bénéficiaire : {name} / {v} / réf. {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Mon {label} est le {v}."),
      N("{label} : {v}"),
      N("Demandeur : {name}, né(e) le {dob}, {label} {v}"),
      Q("{name} - {dob} - {v}"),
      Q("ci-joint la copie, réf. {v}"),
    ],
  },
  es: {
    email: [
      N("Hola, mi correo es {v}, escríbeme cuando tengas el presupuesto."),
      N("Correo electrónico: {v}\nNº de pedido: {ord}"),
      N("no me llega el email de recuperación a {v}, ya miré en spam"),
      Q("El {date}, {name} <{v}> escribió:"),
      Q("Para cualquier duda: {v} (de lunes a viernes, de 9 a 14 h)"),
      Q("Un saludo,\n{name}\n{company}\n{v}"),
    ],
    phone: [
      N("Llámame al móvil, {v}, que el fijo no va"),
      N("Teléfono de contacto: {v}"),
      N("El cliente pide que le devuelvan la llamada al {v} (pedido {ord})"),
      Q("{name} · {v} · {city}"),
      Q("Si no estoy, pregunta por {first} en el {v}"),
    ],
    card: [
      N("Número de tarjeta: {v} (caduca {exp})"),
      N("Cóbrenme la reserva en la tarjeta {v}, gracias"),
      N("El cliente reclama un cargo duplicado en la tarjeta {v} del {date}"),
      Q("{name}|{v}|{exp}"),
      Q("te paso los datos: {v} vto. {exp}"),
    ],
    iban: [
      N("Por favor, haz la transferencia a mi IBAN {v}"),
      N("Datos bancarios: IBAN {v} - titular {name}"),
      N("Cambio la cuenta para domiciliar los recibos: {v}"),
      Q("Beneficiario: {name}\n{v}\nConcepto: {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Mi {label} es {v}"),
      N("{label}: {v}"),
      N("Solicitante: {name}, fecha de nacimiento {dob}, {label} {v}"),
      Q("{name}; {dob}; {v}"),
      Q("adjunto fotocopia por las dos caras ({v})"),
    ],
  },
  it: {
    email: [
      N("Ciao! La mia mail è {v}, mandami pure lì il preventivo."),
      N("Indirizzo e-mail: {v} - Pratica n. {ord}"),
      N("Non ricevo la mail di conferma all'indirizzo {v}, potete ricontrollare?"),
      Q("Il giorno {date}, {name} <{v}> ha scritto:"),
      Q("Per info scrivere a {v} (rif. {ord})"),
      Q("Cordiali saluti\n{name}\nUfficio acquisti - {company}\n{v}"),
    ],
    phone: [
      N("Chiamami sul cellulare, {v}, dopo le 18"),
      N("Tel: {v} - Fax: non disponibile"),
      N("Il cliente chiede di essere richiamato al numero {v}, ordine {ord}"),
      Q("{name}, {v}, {city}"),
      Q("Per urgenze sono reperibile al {v}"),
    ],
    card: [
      N("Numero carta: {v} scad. {exp}"),
      N("Addebitate pure la caparra sulla mia carta di credito {v}"),
      N("Il cliente segnala un doppio addebito sulla carta {v} in data {date}"),
      Q("{name};{v};{exp}"),
      Q("ecco i dati: {v} - {exp}, il codice dietro te lo dico a voce"),
    ],
    iban: [
      N("Vi prego di effettuare il bonifico sull'IBAN {v} intestato a {name}"),
      N("Coordinate bancarie: IBAN {v}"),
      N("nuovo conto corrente dal {date}: {v}"),
      Q("Beneficiario: {name} - {v} - causale: {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Il mio {label} è {v}"),
      N("{label}: {v}"),
      N("Richiedente: {name}, nato/a il {dob}, {label} {v}"),
      Q("{name} - {dob} - {v}"),
      Q("allego copia del documento, rif. {v}"),
    ],
  },
  nl: {
    email: [
      N("Hoi, mijn mailadres is gewijzigd naar {v}. Wil je dat aanpassen? Groet, {first}"),
      N("E-mail: {v} | klantnummer {ord}"),
      N("ik krijg geen bevestigingsmail op {v}, kunnen jullie dat checken?"),
      Q("Op {date} schreef {name} <{v}>:"),
      Q("Stuur de offerte graag naar {v}, dan kijk ik er maandag naar."),
      Q("Met vriendelijke groet,\n{name}\n{company}\n{v}"),
    ],
    phone: [
      N("Bel me even op mijn mobiel: {v}"),
      N("Telefoonnummer: {v}\nBereikbaar: ma t/m vr"),
      N("Terugbelverzoek van {name}, tel {v}, ivm order {ord}"),
      Q("{name} | {v} | {city}"),
      Q("Vraag naar {first} op {v} als het dringend is"),
    ],
    card: [
      N("Kaartnummer: {v}, geldig t/m {exp}"),
      N("Schrijf de aanbetaling maar af van mijn creditcard {v}"),
      N("Klant ziet een dubbele afschrijving op kaart {v} op {date}"),
      Q("{name};{v};{exp}"),
      Q("hierbij: {v} exp {exp}"),
    ],
    iban: [
      N("Wil je het bedrag overmaken naar IBAN {v} t.n.v. {name}?"),
      N("Rekeningnummer: {v}"),
      N("ons rekeningnummer is gewijzigd per {date}, nieuw: {v}"),
      Q("Begunstigde: {name}\n{v}\nOmschrijving: {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Mijn {label} is {v}"),
      N("{label}: {v}"),
      N("Aanvrager: {name}, geb. {dob}, {label} {v}"),
      Q("{name}; {dob}; {v}"),
      Q("kopie zit in de bijlage, kenmerk {v}"),
    ],
  },
  pt: {
    email: [
      N("Olá, meu e-mail é {v}, pode mandar o orçamento por lá?"),
      N("E-mail: {v} | Pedido nº {ord}"),
      N("nao recebi o email de confirmação no {v}, podem verificar?"),
      Q("Em {date}, {name} <{v}> escreveu:"),
      Q("Qualquer dúvida fala com a {first} pelo {v}"),
      Q("Atenciosamente,\n{name}\n{company}\n{v}"),
    ],
    phone: [
      N("Me liga no celular depois das 18h: {v}"),
      N("Telefone para contato: {v}"),
      N("whats {v} me chama lá"),
      N("Cliente pediu retorno no número {v} sobre o pedido {ord}"),
      Q("{name} - {v} - {city}"),
      Q("qualquer coisa fala com o {first}: {v}"),
    ],
    card: [
      N("Número do cartão: {v} validade {exp}"),
      N("Pode cobrar a entrada no meu cartão de crédito {v}"),
      N("Cliente reclama de cobrança em duplicidade no cartão {v} em {date}"),
      Q("{name};{v};{exp}"),
      Q("segue: {v} venc. {exp}"),
    ],
    iban: [
      N("Por favor transfira para o IBAN {v}, titular {name}"),
      N("Dados bancários: IBAN {v} / BIC {bic}"),
      N("mudei de banco, o novo IBAN é {v}"),
      Q("Beneficiário: {name} - {v} - ref. {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("O meu {label} é {v}"),
      N("{label}: {v}"),
      N("Requerente: {name}, nascido(a) em {dob}, {label} {v}"),
      Q("{name}; {dob}; {v}"),
      Q("segue em anexo a cópia ({v})"),
    ],
  },
  pl: {
    email: [
      N("Dzień dobry, mój adres e-mail to {v}, proszę o przesłanie faktury."),
      N("E-mail: {v}, nr zamówienia {ord}"),
      N("nie dostałem maila z potwierdzeniem na {v}, możecie sprawdzić?"),
      Q("{date} {name} <{v}> napisał(a):"),
      Q("W razie pytań proszę pisać na {v} (dział księgowości)."),
      Q("Pozdrawiam\n{name}\n{company}\n{v}"),
    ],
    phone: [
      N("Proszę o kontakt telefoniczny: {v}"),
      N("Tel. kom. {v}"),
      N("Klient prosi o oddzwonienie na numer {v}, zamówienie {ord}"),
      Q("{name}, {v}, {city}"),
      Q("W razie czego jestem pod {v} do 17:00"),
    ],
    card: [
      N("Numer karty: {v}, ważna do {exp}"),
      N("Proszę obciążyć moją kartę kredytową {v} kwotą zaliczki"),
      N("Klient zgłasza podwójne obciążenie karty {v} z dnia {date}"),
      Q("{name};{v};{exp}"),
      Q("dane: {v} / {exp}"),
    ],
    iban: [
      N("Proszę o przelew na rachunek {v}"),
      N("Numer konta (IBAN): {v}, odbiorca {name}"),
      N("Zmiana rachunku bankowego od {date}: {v}"),
      Q("Odbiorca: {name}\n{v}\nTytuł: {ord}"),
      Q("{name};{v};{amt}"),
    ],
    national_id: [
      N("Mój {label} to {v}"),
      N("{label}: {v}"),
      N("Wnioskodawca: {name}, ur. {dob}, {label} {v}"),
      Q("{name}; {dob}; {v}"),
      Q("w załączeniu skan, nr ref. {v}"),
    ],
  },
};
const LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"];
const KINDS = ["email", "phone", "card", "iban", "national_id"];
const templates = [];
const templateIds = {}; // "lang/kind" -> [index]
for (const lang of LANGS) {
  for (const kind of KINDS) {
    for (const [names, text] of T[lang][kind]) {
      (templateIds[`${lang}/${kind}`] ||= []).push(templates.length);
      templates.push({ lang, kind, names_value: names, text });
    }
  }
}

function fill(text, slots) {
  return text.replace(/\{(\w+)\}/g, (_, k) => {
    if (!(k in slots)) throw new Error(`template slot {${k}} has no value: ${text}`);
    return slots[k];
  });
}

// ---------------------------------------------------------------- PII records
const KIND_LOCALE_W = [
  ["en-US", 3], ["en-GB", 2], ["en-IE", 0.8], ["de", 3], ["de-AT", 1], ["de-CH", 1], ["fr", 3],
  ["fr-BE", 1], ["fr-CH", 0.6], ["es", 2.5], ["es-MX", 1], ["it", 2.5], ["nl", 2.5], ["nl-BE", 1],
  ["pt-PT", 1.5], ["pt-BR", 2], ["pl", 2.5],
];
const IBAN_LOCALE_W = KIND_LOCALE_W.map(([l, w]) => [l, l === "en-US" || l === "es-MX" ? w / 4 : w]);
const pii = [];
const intended = [];
function addRecord(locale, kind, gen, tmplLang, extra = {}) {
  const lang = tmplLang || langOf(locale);
  const tid = pick(templateIds[`${lang}/${kind}`]);
  const p = extra.person || person(locale);
  const slots = {
    name: fullName(p), first: p.first, last: p.last, date: dateStr(locale), ord: orderRef(),
    amt: amount(locale), exp: expiry(), city: pick(CITIES[locale]), company: company(lang),
    ...extra.slots,
  };
  const val = gen(p);
  slots.v = val.value;
  if (val.bic) slots.bic = val.bic;
  if (!("bic" in slots)) slots.bic = "";
  const text = fill(templates[tid].text, slots);
  pii.push({ locale, kind, sub: val.sub, form: val.form, check: null, template: tid, text, values: [val.value] });
  intended.push(val.intended);
}

const N_EMAIL = 412;
const N_PHONE = 416;
const N_CARD = 410;
const N_IBAN = 408;
const N_PER_ID = 52;
for (let i = 0; i < N_EMAIL; i++) {
  const loc = wpick(KIND_LOCALE_W);
  addRecord(loc, "email", (p) => email(loc, p));
}
for (let i = 0; i < N_PHONE; i++) {
  const loc = wpick(KIND_LOCALE_W);
  addRecord(loc, "phone", () => phone(regionOf(loc)));
}
for (let i = 0; i < N_CARD; i++) {
  const loc = wpick(KIND_LOCALE_W);
  addRecord(loc, "card", () => card(regionOf(loc)));
}
for (let i = 0; i < N_IBAN; i++) {
  const loc = wpick(IBAN_LOCALE_W);
  addRecord(loc, "iban", () => iban(loc));
}
for (const sub of Object.keys(ID_HOME)) {
  for (let i = 0; i < N_PER_ID; i++) {
    const loc = ID_HOME[sub];
    const home = langOf(loc);
    const tLang = chance(0.62) ? home : pick(LANGS.filter((l) => l !== home));
    const p = person(loc);
    const y = ri(1948, 2004);
    const m = ri(1, 12);
    const d = ri(1, 28);
    const lab = ID_LABELS[sub];
    const label = tLang === home ? pick(lab.home) : lab.short;
    const dobLoc = LOCALES.find((l) => langOf(l) === tLang && (tLang !== "en" || l === loc)) || loc;
    addRecord(loc, "national_id", () => ({ ...nationalId(sub, p, y, m, d), sub }), tLang, {
      person: p,
      slots: { label, dob: dobOf(dobLoc, y, m, d) },
    });
  }
}

// ---------------------------------------------------------------- benign, number-heavy text
// Numbers that look like the kinds above but are not personal data: order and tracking
// numbers, serials, Luhn-valid IMEIs/ICCIDs/SIRETs, meeting ids, prices, dates, codes …
const LOC_OF = { en: "en-GB", de: "de", fr: "fr", es: "es", it: "it", nl: "nl", pt: "pt-PT", pl: "pl" };
const dt = (lang) => dateStr(chance(0.5) && lang === "en" ? "en-US" : LOC_OF[lang]);
const hhmm = () => `${pad(ri(6, 22), 2)}:${pad(pick([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]), 2)}`;
const eur = (lang) => amount(LOC_OF[lang]);
const amzOrder = () => `${ri(111, 999)}-${digits(7)}-${digits(7)}`;
const sapPo = () => `45${digits(8)}`;
function s10(country) {
  const n = digits(8);
  const w = [8, 6, 4, 2, 3, 5, 9, 7];
  const s = [...n].reduce((t, c, i) => t + Number(c) * w[i], 0);
  let c = 11 - (s % 11);
  if (c === 10) c = 0;
  if (c === 11) c = 5;
  return `${pick(["RR", "RX", "LX", "CP", "LY", "EE", "UA"])}${n}${c}${country}`;
}
const tracking = () =>
  wpick([
    [() => `1Z${alnum(6)}${pad(ri(1, 99), 2)}${digits(8)}`, 2],
    [() => `00340434${digits(12)}`, 1.5],
    [() => `JJD${digits(18)}`, 0.8],
    [() => s10(pick(["DE", "NL", "FR", "ES", "IT", "PL", "PT", "BR", "GB"])), 2],
    [() => `3S${letters(4)}${digits(8)}`, 1],
    [() => digits(24), 0.8],
    [() => nz(11), 1],
    [() => `${nz(2)} ${digits(4)} ${digits(4)} ${digits(4)}`, 0.6],
  ])();
const serial = () =>
  wpick([
    [() => `C02${alnum(9)}`, 1], [() => `5CD${digits(3)}${alnum(4)}`, 1],
    [() => `${digits(2)}${letters(1)}${digits(1)}-${digits(4)}-${digits(4)}`, 1], [() => `R58${letters(1)}${alnum(7)}`, 1],
    [() => alnum(7), 1], [() => `SN${digits(10)}`, 1], [() => `${letters(3)}${digits(9)}`, 0.7],
  ])();
const imei = () => {
  const v = luhnComplete(pick(["35", "86", "01", "99"]) + digits(12));
  return wpick([
    [v, 3],
    [`${v.slice(0, 2)} ${v.slice(2, 8)} ${v.slice(8, 14)} ${v.slice(14)}`, 1.5],
    [`${v.slice(0, 2)}-${v.slice(2, 8)}-${v.slice(8, 14)}-${v.slice(14)}`, 0.8],
  ]);
};
const iccid = () => {
  const v = luhnComplete(`89${pick(["49", "31", "33", "34", "39", "44", "01", "48", "351"])}${digits(14)}`.slice(0, 18));
  return chance(0.5) ? v : v.match(/.{1,4}/g).join(" ");
};
const siret = () => {
  const siren = luhnComplete(nz(8));
  const s = luhnComplete(siren + digits(4));
  return chance(0.6) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}` : s;
};
const siren = () => {
  const s = luhnComplete(nz(8));
  return chance(0.6) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s;
};
const ean13 = (prefix) => {
  const b = (prefix + digits(12)).slice(0, 12);
  const s = [...b].reduce((t, c, i) => t + Number(c) * (i % 2 ? 3 : 1), 0);
  return b + String((10 - (s % 10)) % 10);
};
const isbn = () => {
  const e = ean13(`978${pick(["3", "2", "84", "88", "90", "85", "83", "1", "0"])}`);
  return chance(0.5) ? e : `${e.slice(0, 3)}-${e.slice(3, 4)}-${e.slice(4, 8)}-${e.slice(8, 12)}-${e.slice(12)}`;
};
const AIRLINES = [["LH", "220"], ["AF", "057"], ["KL", "074"], ["BA", "125"], ["IB", "075"], ["AZ", "055"], ["TP", "047"], ["LO", "080"], ["UA", "016"]];
const flight = () => {
  const [a] = pick(AIRLINES);
  return `${a}${chance(0.4) ? " " : ""}${ri(1, 9999)}`;
};
const eticket = () => {
  const [, n] = pick(AIRLINES);
  return `${n}-${digits(10)}`;
};
const pnr = () => alnum(6).replace(/[0-9]/g, () => pick(UP));
const gate = () => `${pick(["A", "B", "C", "D", "E", "K"])}${ri(1, 68)}`;
const seat = () => `${ri(1, 42)}${pick("ABCDEF")}`;
const zoomId = () => {
  const v = nz(pick([10, 11]));
  return v.length === 11 ? `${v.slice(0, 3)} ${v.slice(3, 7)} ${v.slice(7)}` : `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`;
};
const teamsId = () => `${nz(3)} ${digits(3)} ${digits(3)} ${digits(3)}`;
const semver = () => `${ri(0, 17)}.${ri(0, 40)}.${ri(0, 30)}`;
const lat = () => (ri(36, 58) + rng()).toFixed(ri(4, 6));
const lon = () => (ri(-9, 24) + rng()).toFixed(ri(4, 6));
const inc = () => wpick([[`INC${pad(ri(1, 9999999), 7)}`, 1], [`CS${pad(ri(1, 9999999), 7)}`, 1], [`#${nz(6)}`, 1], [`SR-${ri(2023, 2026)}-${nz(6)}`, 1], [`${pick(["OPS", "HELP", "SUP", "IT"])}-${ri(10, 9999)}`, 1], [`${pad(ri(1, 99999999), 8)}`, 0.7]]);
const custNo = () => wpick([[nz(10), 2], [`${nz(4)} ${digits(4)} ${digits(2)}`, 1], [`${pad(ri(1, 99999999999), 11)}`, 1], [`${letters(1)}${nz(8)}`, 0.7], [`${nz(3)}-${digits(3)}-${digits(3)}`, 1]]);
const meterNo = () => wpick([[`1${pick(["ESY", "EMH", "ITF", "LOG"])}${digits(10)}`, 1], [nz(8), 1], [`${digits(2)}${letters(2)}${digits(6)}`, 0.5]]);
const uuid = () => {
  const h = () => "0123456789abcdef"[ri(0, 15)];
  const hx = (n) => Array.from({ length: n }, h).join("");
  return `${hx(8)}-${hx(4)}-4${hx(3)}-${pick(["8", "9", "a", "b"])}${hx(3)}-${hx(12)}`;
};
const sha = (n) => Array.from({ length: n }, () => "0123456789abcdef"[ri(0, 15)]).join("");
const ip = () => wpick([[`192.168.${ri(0, 254)}.${ri(1, 254)}`, 2], [`10.${ri(0, 255)}.${ri(0, 255)}.${ri(1, 254)}`, 2], [`172.${ri(16, 31)}.${ri(0, 255)}.${ri(1, 254)}`, 1]]);
const mac = () => Array.from({ length: 6 }, () => sha(2).toUpperCase()).join(pick([":", "-"]));
const code6 = () => (chance(0.7) ? digits(6) : `${digits(3)} ${digits(3)}`);
const lot = () => `${ri(20, 26)}${pick(UP)}${digits(3)}${chance(0.4) ? `-${ri(1, 9)}` : ""}`;
const price = (lang) => eur(lang);
const big = (lang) => {
  const n = ri(1000, 999999);
  return lang === "en" ? n.toLocaleString("en-US") : lang === "fr" || lang === "pl" ? n.toLocaleString("en-US").replace(/,/g, " ") : n.toLocaleString("en-US").replace(/,/g, ".");
};
const dec = (a, b, p = 1, lang = "en") => {
  const s = (a + rng() * (b - a)).toFixed(p);
  return lang === "en" ? s : s.replace(".", ",");
};
const room = () => wpick([[`${ri(1, 9)}${pad(ri(1, 40), 2)}`, 2], [`${ri(0, 6)}.${pad(ri(1, 150), 3)}`, 1], [`${pick("ABCDE")}-${ri(100, 499)}`, 1], [`${pick("ABCDE")}${ri(1, 4)}.${pad(ri(1, 30), 2)}`, 0.6]]);
const score = () => `${ri(0, 5)}:${ri(0, 4)}`;
const ticker = () => pick(["AAPL", "MSFT", "SAP", "ASML", "AIR", "ENI", "ITX", "PKN", "GALP", "BMW", "NESN", "SIE", "TTE", "NVDA"]);

const BENIGN = [
  ["order_number", [
    ["en", () => `Your order ${amzOrder()} has shipped and should arrive by ${dt("en")}.`],
    ["en", () => `PO ${sapPo()} approved, total ${eur("en")}, delivery to Warehouse ${ri(1, 9)}.`],
    ["de", () => `Ihre Bestellung Nr. ${nz(9)} vom ${dt("de")} wurde versandt.`],
    ["de", () => `Bestellnummer ${amzOrder()} - Rücksendung bis ${dt("de")} möglich.`],
    ["fr", () => `Commande n° ${nz(10)} confirmée, livraison prévue le ${dt("fr")}.`],
    ["es", () => `Tu pedido ${pick(["ES", "PD"])}${nz(9)} está en reparto. Importe: ${eur("es")}.`],
    ["it", () => `Ordine n. ${nz(8)} del ${dt("it")}: spedito con corriere espresso.`],
    ["nl", () => `Bestelling ${nz(10)} is onderweg, verwachte levering ${dt("nl")}.`],
    ["pt", () => `A sua encomenda nº ${nz(9)} foi expedida em ${dt("pt")}.`],
    ["pl", () => `Zamówienie nr ${nz(8)}/${ri(2023, 2026)} zostało wysłane.`],
  ]],
  ["parcel_tracking", [
    ["en", () => `Tracking number: ${tracking()} - out for delivery today.`],
    ["en", () => `parcel ${tracking()} stuck in the depot since ${dt("en")}??`],
    ["de", () => `Sendungsnummer ${tracking()}, Zustellung voraussichtlich ${dt("de")}.`],
    ["fr", () => `Votre colis ${tracking()} est disponible en point relais.`],
    ["es", () => `Número de seguimiento: ${tracking()}`],
    ["it", () => `Codice di tracciamento ${tracking()} - in consegna oggi.`],
    ["nl", () => `Track & trace: ${tracking()} (bezorging tussen ${hhmm()} en ${hhmm()})`],
    ["pt", () => `Código de rastreio: ${tracking()} - objeto em trânsito.`],
    ["pl", () => `Numer przesyłki ${tracking()} - paczka czeka w paczkomacie.`],
  ]],
  ["device_serial", [
    ["en", () => `Serial number ${serial()}, warranty until ${dt("en")}.`],
    ["en", () => `S/N: ${serial()} | Model ${letters(2)}-${ri(100, 9999)}`],
    ["de", () => `Seriennummer des Geräts: ${serial()} (Garantie bis ${dt("de")})`],
    ["fr", () => `N° de série : ${serial()} - sous garantie.`],
    ["es", () => `Número de serie ${serial()}, modelo ${letters(2)}${ri(100, 999)}.`],
    ["it", () => `Matricola ${serial()}, intervento tecnico del ${dt("it")}.`],
    ["nl", () => `Serienummer ${serial()} staat op de sticker onderaan.`],
    ["pt", () => `Número de série: ${serial()}`],
    ["pl", () => `Numer seryjny urządzenia: ${serial()}`],
  ]],
  ["imei", [
    ["en", () => `IMEI ${imei()} - please blacklist, the handset was stolen from the office.`],
    ["en", () => `Device IMEI: ${imei()} (dual SIM, slot 1)`],
    ["de", () => `Die IMEI des Diensthandys lautet ${imei()}.`],
    ["fr", () => `IMEI du téléphone de service : ${imei()}`],
    ["es", () => `El IMEI del terminal es ${imei()}, modelo ${letters(1)}${ri(10, 99)}.`],
    ["it", () => `Codice IMEI: ${imei()} - dispositivo aziendale.`],
    ["nl", () => `IMEI-nummer ${imei()} staat in de instellingen onder Info.`],
    ["pt", () => `IMEI do aparelho: ${imei()}`],
    ["pl", () => `Numer IMEI telefonu służbowego: ${imei()}`],
  ]],
  ["iccid", [
    ["en", () => `SIM swap done, new ICCID ${iccid()}.`],
    ["en", () => `ICCID: ${iccid()} | data plan 20 GB | activated ${dt("en")}`],
    ["de", () => `Die neue SIM-Karte hat die Kartennummer (ICCID) ${iccid()}.`],
    ["fr", () => `ICCID de la nouvelle carte SIM : ${iccid()}`],
    ["es", () => `El ICCID de la SIM es ${iccid()}.`],
    ["it", () => `Seriale SIM (ICCID) ${iccid()}, attivazione del ${dt("it")}.`],
    ["nl", () => `Simkaart ICCID ${iccid()} is geactiveerd.`],
    ["pt", () => `ICCID do chip: ${iccid()}`],
    ["pl", () => `Numer ICCID karty SIM: ${iccid()}`],
  ]],
  ["company_registration", [
    ["fr", () => `SIRET : ${siret()} - APE ${ri(10, 96)}.${pad(ri(1, 99), 2)}${pick(UP)}`],
    ["fr", () => `Société par actions simplifiée au capital de ${big("fr")} €, SIREN ${siren()}, RCS ${pick(["Lyon", "Paris", "Nantes", "Lille"])}.`],
    ["fr", () => `Facture émise par notre fournisseur (SIRET ${siret()}).`],
    ["en", () => `French supplier onboarded, SIRET ${siret()}.`],
    ["de", () => `Französischer Lieferant, SIRET ${siret()}, Zahlungsziel 30 Tage.`],
    ["es", () => `Proveedor francés con SIRET ${siret()}.`],
    ["it", () => `Fornitore francese, numero SIRET ${siret()}.`],
  ]],
  ["invoice_ref", [
    ["en", () => `Invoice INV-${ri(2023, 2026)}-${pad(ri(1, 9999), 5)} is due on ${dt("en")}.`],
    ["de", () => `Rechnung RE-${ri(2023, 2026)}-${pad(ri(1, 9999), 5)} über ${eur("de")}, fällig am ${dt("de")}.`],
    ["fr", () => `Facture FA${ri(2023, 2026)}${pad(ri(1, 9999), 4)} - échéance ${dt("fr")}.`],
    ["es", () => `Factura F${ri(2023, 2026)}-${pad(ri(1, 99999), 6)}, importe ${eur("es")} IVA incluido.`],
    ["it", () => `Fattura n. ${ri(1, 999)}/${ri(2023, 2026)} del ${dt("it")}, imponibile ${eur("it")}.`],
    ["nl", () => `Factuur ${ri(2023, 2026)}${pad(ri(1, 9999), 4)} staat nog open (${eur("nl")}).`],
    ["pt", () => `Fatura FT ${ri(2023, 2026)}/${ri(1, 9999)} no valor de ${eur("pt")}.`],
    ["pl", () => `Faktura VAT nr FV/${ri(1, 999)}/${pad(ri(1, 12), 2)}/${ri(2023, 2026)} na kwotę ${eur("pl")}.`],
  ]],
  ["price_amount", [
    ["en", () => `Total: ${eur("en")} (incl. VAT ${ri(5, 23)}%), shipping ${dec(2, 9, 2)}.`],
    ["en", () => `was ${amount("en-US")} now ${amount("en-US")} - today only`],
    ["de", () => `Gesamtbetrag ${eur("de")}, davon MwSt. ${dec(5, 300, 2, "de")} €.`],
    ["fr", () => `Prix TTC : ${big("fr")},${pad(ri(0, 99), 2)} € au lieu de ${big("fr")},00 €`],
    ["es", () => `Precio final ${eur("es")} (antes ${eur("es")}).`],
    ["it", () => `Totale da pagare: ${eur("it")}, IVA ${ri(4, 22)}% inclusa.`],
    ["nl", () => `Totaal € ${big("nl")},${pad(ri(0, 99), 2)} incl. btw`],
    ["pt", () => `Total a pagar: ${amount(pick(["pt-PT", "pt-BR"]))}`],
    ["pl", () => `Do zapłaty: ${eur("pl")} brutto.`],
  ]],
  ["date_time", [
    ["en", () => `Meeting moved to ${dt("en")} at ${hhmm()} (${pick(["CET", "GMT", "UTC", "EST"])}).`],
    ["en", () => `last login ${ri(2023, 2026)}-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}T${hhmm()}:${pad(ri(0, 59), 2)}Z`],
    ["de", () => `Termin am ${dt("de")} um ${hhmm()} Uhr, Dauer ca. ${ri(1, 3)} Std.`],
    ["fr", () => `Rendez-vous le ${dt("fr")} à ${hhmm().replace(":", "h")}.`],
    ["es", () => `La cita es el ${dt("es")} a las ${hhmm()}.`],
    ["it", () => `Appuntamento fissato per il ${dt("it")} alle ${hhmm()}.`],
    ["nl", () => `Afspraak op ${dt("nl")} om ${hhmm()} uur.`],
    ["pt", () => `Reunião marcada para ${dt("pt")} às ${hhmm()}.`],
    ["pl", () => `Spotkanie ${dt("pl")} o godz. ${hhmm()}.`],
  ]],
  ["flight", [
    ["en", () => `Flight ${flight()} departs ${hhmm()} from gate ${gate()}, seat ${seat()}.`],
    ["en", () => `Booking ref ${pnr()}, e-ticket ${eticket()}`],
    ["de", () => `Flug ${flight()}, Abflug ${hhmm()} Uhr, Gate ${gate()}, Sitz ${seat()}`],
    ["fr", () => `Vol ${flight()} - embarquement ${hhmm()}, porte ${gate()}.`],
    ["es", () => `Vuelo ${flight()} con salida a las ${hhmm()}, puerta ${gate()}, asiento ${seat()}.`],
    ["it", () => `Volo ${flight()}, imbarco ore ${hhmm()}, gate ${gate()}, posto ${seat()}.`],
    ["nl", () => `Vlucht ${flight()}, boarding ${hhmm()}, gate ${gate()}.`],
    ["pt", () => `Voo ${flight()}, embarque às ${hhmm()}, porta ${gate()}, lugar ${seat()}.`],
    ["pl", () => `Lot ${flight()}, wylot ${hhmm()}, bramka ${gate()}, miejsce ${seat()}.`],
  ]],
  ["hotel_booking", [
    ["en", () => `Confirmation #${nz(8)} - ${ri(1, 9)} nights, check-in from ${hhmm()}.`],
    ["de", () => `Buchungsnummer ${nz(4)}-${digits(4)}-${digits(3)}, Zimmer ${room()}, Anreise ${dt("de")}.`],
    ["fr", () => `Réservation n° ${nz(9)}, chambre ${room()}, arrivée le ${dt("fr")}.`],
    ["es", () => `Localizador de reserva ${alnum(8)}, habitación ${room()}.`],
    ["it", () => `Prenotazione n. ${nz(10)} confermata, camera ${room()}.`],
    ["nl", () => `Reserveringsnummer ${nz(9)}, kamer ${room()}, ${ri(1, 6)} nachten.`],
    ["pt", () => `Reserva nº ${nz(9)}, quarto ${room()}, check-in ${dt("pt")}.`],
    ["pl", () => `Numer rezerwacji ${nz(9)}, pokój ${room()}.`],
  ]],
  ["meeting_id", [
    ["en", () => `Join Zoom Meeting - Meeting ID: ${zoomId()} Passcode: ${digits(6)}`],
    ["en", () => `Teams meeting ID ${teamsId()}, passcode ${alnum(6)}`],
    ["de", () => `Zoom-Meeting beitreten: Meeting-ID ${zoomId()}, Kenncode ${digits(6)}`],
    ["fr", () => `Réunion Teams - ID de réunion : ${teamsId()} - Code secret : ${alnum(6)}`],
    ["es", () => `ID de reunión: ${zoomId()} - Código de acceso: ${digits(6)}`],
    ["it", () => `ID riunione ${zoomId()}, passcode ${digits(6)}`],
    ["nl", () => `Vergader-ID: ${teamsId()} Wachtwoord: ${alnum(6)}`],
    ["pt", () => `ID da reunião: ${zoomId()} Senha: ${digits(6)}`],
    ["pl", () => `Identyfikator spotkania: ${zoomId()}, kod dostępu ${digits(6)}`],
  ]],
  ["software_version", [
    ["en", () => `Updated to v${semver()} (build ${ri(2023, 2026)}${pad(ri(1, 12), 2)}${pad(ri(1, 28), 2)}.${ri(1, 9)}).`],
    ["en", () => `crash on ${pick(["Android", "iOS", "Windows"])} ${ri(10, 17)}, app ${semver()}, build ${nz(5)}`],
    ["de", () => `Firmware ${semver()} installiert, vorher ${semver()}.`],
    ["fr", () => `Version ${semver()} déployée en production à ${hhmm()}.`],
    ["es", () => `Actualiza a la versión ${semver()}, corrige el error ${nz(5)}.`],
    ["it", () => `Rilasciata la versione ${semver()} (build ${nz(6)}).`],
    ["nl", () => `Versie ${semver()} staat klaar, changelog bij ticket ${nz(5)}.`],
    ["pt", () => `Versão ${semver()} publicada, build ${nz(6)}.`],
    ["pl", () => `Wersja ${semver()} jest już dostępna (kompilacja ${nz(6)}).`],
  ]],
  ["ean_isbn", [
    ["en", () => `ISBN ${isbn()}, paperback, ${ri(120, 900)} pages.`],
    ["en", () => `EAN ${ean13(pick(["40", "50", "80", "84", "87", "59", "56"]))} - qty ${ri(1, 48)}`],
    ["de", () => `Artikel EAN ${ean13("40")}, Menge ${ri(1, 100)} Stück.`],
    ["fr", () => `Code-barres ${ean13(pick(["30", "37"]))} - rayon ${ri(1, 40)}`],
    ["es", () => `Código EAN ${ean13("84")}, ${ri(1, 60)} unidades.`],
    ["it", () => `Codice a barre ${ean13("80")} - ISBN ${isbn()}`],
    ["nl", () => `EAN-code ${ean13("87")}, voorraad ${ri(0, 500)}.`],
    ["pt", () => `ISBN ${isbn()} - edição de ${ri(1990, 2025)}.`],
    ["pl", () => `Kod EAN ${ean13("59")}, ilość ${ri(1, 200)} szt.`],
  ]],
  ["gps", [
    ["en", () => `Meet at ${lat()}, ${lon()} - the car park behind the station.`],
    ["en", () => `GPS fix: lat ${lat()} lon ${lon()}, accuracy ${ri(3, 40)} m`],
    ["de", () => `Koordinaten des Treffpunkts: ${lat()} N, ${lon()} E`],
    ["fr", () => `Coordonnées GPS : ${lat()}, ${lon()}`],
    ["es", () => `Ubicación: ${lat()}, ${lon()} (entrada por la calle lateral)`],
    ["it", () => `Coordinate: ${ri(36, 47)}°${ri(0, 59)}'${ri(0, 59)}"N ${ri(6, 18)}°${ri(0, 59)}'${ri(0, 59)}"E`],
    ["nl", () => `Locatie ${lat()}, ${lon()} - parkeren op P${ri(1, 9)}.`],
    ["pt", () => `Coordenadas: ${lat()}, ${lon()}`],
    ["pl", () => `Współrzędne: ${lat()}, ${lon()}`],
  ]],
  ["measurements", [
    ["en", () => `Dimensions ${ri(20, 240)} x ${ri(20, 120)} x ${ri(5, 90)} cm, weight ${dec(0.2, 60, 1)} kg.`],
    ["de", () => `Maße: ${ri(20, 240)} × ${ri(20, 120)} × ${ri(5, 90)} cm, Gewicht ${dec(0.2, 60, 2, "de")} kg`],
    ["fr", () => `Surface ${ri(18, 180)} m², hauteur sous plafond ${dec(2.3, 3.4, 2, "fr")} m.`],
    ["es", () => `Medidas: ${ri(20, 240)}x${ri(20, 120)} cm, peso neto ${dec(0.2, 60, 1, "es")} kg.`],
    ["it", () => `Dimensioni ${ri(20, 240)} x ${ri(20, 120)} cm, peso ${dec(0.2, 60, 1, "it")} kg`],
    ["nl", () => `Afmetingen ${ri(20, 240)} x ${ri(20, 120)} x ${ri(5, 90)} cm, ${dec(0.2, 60, 1, "nl")} kg`],
    ["pt", () => `Área útil de ${ri(30, 250)} m², ${ri(1, 5)} quartos.`],
    ["pl", () => `Wymiary ${ri(20, 240)} x ${ri(20, 120)} cm, waga ${dec(0.2, 60, 1, "pl")} kg`],
  ]],
  ["support_ticket", [
    ["en", () => `Ticket ${inc()} escalated to 2nd level, SLA breach at ${hhmm()}.`],
    ["en", () => `re: case ${inc()} - still broken after the ${dt("en")} patch`],
    ["de", () => `Ihre Anfrage ${inc()} wurde an die Fachabteilung weitergeleitet.`],
    ["fr", () => `Votre demande ${inc()} a été clôturée le ${dt("fr")}.`],
    ["es", () => `Incidencia ${inc()} asignada al equipo de redes.`],
    ["it", () => `Ticket ${inc()} chiuso, tempo di risoluzione ${ri(1, 72)} ore.`],
    ["nl", () => `Melding ${inc()} is in behandeling genomen.`],
    ["pt", () => `Chamado ${inc()} aberto em ${dt("pt")}.`],
    ["pl", () => `Zgłoszenie ${inc()} zostało przekazane do działu IT.`],
  ]],
  ["train", [
    ["de", () => `ICE ${ri(500, 1999)} ab ${hhmm()}, Gleis ${ri(1, 22)}, Wagen ${ri(1, 14)}, Platz ${ri(11, 128)}.`],
    ["fr", () => `TGV INOUI ${ri(6000, 9999)}, voiture ${ri(1, 18)}, place ${ri(1, 99)}, départ ${hhmm()}.`],
    ["it", () => `Frecciarossa ${ri(9500, 9999)}, carrozza ${ri(1, 10)}, posto ${ri(1, 20)}${pick("ABCD")}.`],
    ["es", () => `AVE ${pad(ri(1000, 9999), 5)}, coche ${ri(1, 12)}, plaza ${ri(1, 20)}${pick("ABCD")}.`],
    ["nl", () => `Intercity ${ri(500, 3999)} naar ${pick(["Utrecht", "Zwolle", "Venlo"])}, spoor ${ri(1, 19)}${pick(["a", "b", ""])}.`],
    ["pt", () => `Alfa Pendular ${ri(120, 199)}, carruagem ${ri(1, 6)}, lugar ${ri(1, 80)}, partida ${hhmm()}.`],
    ["pl", () => `Pociąg EIC ${ri(1000, 9999)} odjeżdża o ${hhmm()} z peronu ${ri(1, 8)}, tor ${ri(1, 20)}.`],
    ["en", () => `The ${hhmm()} to ${pick(["Leeds", "York", "Bristol"])} is delayed by ${ri(5, 60)} min, platform ${ri(1, 14)}.`],
  ]],
  ["customer_number", [
    ["de", () => `Kundennummer ${custNo()} - bitte bei Rückfragen angeben.`],
    ["de", () => `Vertragsnummer ${custNo()}, Laufzeit bis ${dt("de")}.`],
    ["en", () => `Account no. ${custNo()} (loyalty tier ${pick(["Silver", "Gold"])}), points balance ${big("en")}.`],
    ["fr", () => `Numéro client : ${custNo()}`],
    ["es", () => `Número de cliente ${custNo()}, contrato ${custNo()}.`],
    ["it", () => `Codice cliente ${custNo()}, contratto n. ${nz(8)}.`],
    ["nl", () => `Klantnummer ${custNo()}, contractnummer ${nz(9)}.`],
    ["pt", () => `Número de cliente: ${custNo()}`],
    ["pl", () => `Numer klienta ${custNo()}, umowa nr ${nz(6)}/${ri(2020, 2026)}.`],
  ]],
  ["meter_reading", [
    ["de", () => `Zählernummer ${meterNo()}, Zählerstand ${pad(ri(1, 99999), 6)},${ri(0, 9)} kWh am ${dt("de")}.`],
    ["fr", () => `Compteur n° ${meterNo()} - index relevé : ${pad(ri(1, 99999), 5)} kWh`],
    ["it", () => `Lettura contatore gas ${pad(ri(1, 9999), 5)} m³ (matricola ${meterNo()})`],
    ["es", () => `Lectura del contador: ${pad(ri(1, 99999), 5)} kWh, CUPS ES${digits(16)}${letters(2)}`],
    ["nl", () => `Meterstand ${pad(ri(1, 99999), 5)} kWh (meternummer ${meterNo()})`],
    ["en", () => `Meter reading ${pad(ri(1, 99999), 5)} units, meter serial ${meterNo()}.`],
    ["pt", () => `Leitura do contador: ${pad(ri(1, 99999), 5)} kWh, CPE PT${digits(16)}${letters(2)}`],
    ["pl", () => `Stan licznika: ${pad(ri(1, 99999), 5)} kWh, nr licznika ${meterNo()}`],
  ]],
  ["business_address", [
    ["de", () => `Lieferadresse: Lager ${ri(1, 9)}, Industriestraße ${ri(1, 120)}, ${pad(ri(1067, 99998), 5)} ${pick(["Stuttgart", "Kassel", "Ulm"])}`],
    ["en", () => `Deliveries to Unit ${ri(1, 40)}, ${pick(PLACES)} Business Park, ${pick(["LS9", "BS3", "M17", "NR6"])} ${ri(1, 9)}${letters(2)}`],
    ["en", () => `Ship to: ${ri(100, 9999)} ${pick(PLACES)} Ave, Suite ${ri(100, 900)}, ${pick(["Austin, TX", "Denver, CO", "Tampa, FL"])} ${pad(ri(10000, 99999), 5)}`],
    ["fr", () => `Livraison : ZI des ${pick(["Bruyères", "Chênes", "Acacias"])}, ${ri(1, 90)} rue de l'Industrie, ${pad(ri(1000, 95999), 5)} ${pick(["Lyon", "Rennes"])}`],
    ["es", () => `Almacén: Polígono ${pick(["Sur", "Norte", "Los Olivos"])}, nave ${ri(1, 60)}, ${pad(ri(1000, 52999), 5)} ${pick(["Getafe", "Sagunto"])}`],
    ["it", () => `Magazzino: via dell'Industria ${ri(1, 200)}, ${pad(ri(10010, 98168), 5)} ${pick(["Bergamo", "Prato"])}`],
    ["nl", () => `Afleveradres: Industrieweg ${ri(1, 200)}, ${ri(1000, 9999)} ${letters(2)} ${pick(["Tilburg", "Venlo"])}`],
    ["pt", () => `Armazém: Zona Industrial, Lote ${ri(1, 80)}, ${ri(1000, 9999)}-${pad(ri(0, 999), 3)} ${pick(["Maia", "Leiria"])}`],
    ["pl", () => `Magazyn: ul. Przemysłowa ${ri(1, 90)}, ${pad(ri(0, 99), 2)}-${pad(ri(0, 999), 3)} ${pick(["Stryków", "Gliwice"])}`],
  ]],
  ["stock_quote", [
    ["en", () => `${ticker()} closed at ${dec(10, 900, 2)} (${pick(["+", "-"])}${dec(0, 6, 2)}%), volume ${big("en")}.`],
    ["de", () => `${ticker()} schloss bei ${dec(10, 900, 2, "de")} € (${pick(["+", "-"])}${dec(0, 6, 1, "de")} %), DAX ${ri(15, 19)}.${pad(ri(0, 999), 3)},${pad(ri(0, 99), 2)} Punkte.`],
    ["fr", () => `Le CAC 40 termine à ${ri(6, 8)} ${pad(ri(0, 999), 3)},${pad(ri(0, 99), 2)} points (${pick(["+", "-"])}${dec(0, 3, 2, "fr")} %).`],
    ["es", () => `El IBEX 35 cierra en ${ri(8, 12)}.${pad(ri(0, 999), 3)},${ri(0, 9)} puntos; ${ticker()} sube un ${dec(0, 6, 2, "es")} %.`],
    ["it", () => `FTSE MIB a ${ri(28, 36)}.${pad(ri(0, 999), 3)} punti, ${ticker()} ${pick(["+", "-"])}${dec(0, 6, 2, "it")}%.`],
    ["nl", () => `De AEX sloot op ${dec(700, 950, 2, "nl")} punten, ${ticker()} ${pick(["+", "-"])}${dec(0, 6, 1, "nl")}%.`],
    ["pt", () => `O PSI fechou nos ${ri(5, 7)}.${pad(ri(0, 999), 3)} pontos; ${ticker()} valorizou ${dec(0, 6, 2, "pt")}%.`],
    ["pl", () => `WIG20 zakończył sesję na poziomie ${ri(1, 2)} ${pad(ri(0, 999), 3)},${pad(ri(0, 99), 2)} pkt.`],
  ]],
  ["sports_result", [
    ["en", () => `Final score ${score()} (half-time ${score()}), attendance ${big("en")}.`],
    ["en", () => `won ${ri(6, 7)}-${ri(0, 4)} ${ri(3, 6)}-6 7-6(${ri(2, 9)}) in ${ri(1, 3)}h ${ri(0, 59)}m`],
    ["de", () => `Endstand ${score()} (Halbzeit ${score()}), ${big("de")} Zuschauer.`],
    ["fr", () => `Score final ${ri(0, 40)}-${ri(0, 40)}, ${big("fr")} spectateurs.`],
    ["es", () => `Resultado final ${ri(0, 5)}-${ri(0, 5)}, gol en el minuto ${ri(1, 90)}+${ri(1, 6)}.`],
    ["it", () => `Finale ${ri(0, 5)}-${ri(0, 5)}, tempo del vincitore ${ri(2, 4)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.`],
    ["nl", () => `Uitslag ${ri(0, 5)}-${ri(0, 5)}, ${big("de")} toeschouwers.`],
    ["pt", () => `Resultado: ${ri(0, 5)}-${ri(0, 5)}, golo aos ${ri(1, 90)} minutos.`],
    ["pl", () => `Wynik ${score()}, czas zwycięzcy ${ri(2, 4)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.`],
  ]],
  ["lot_batch", [
    ["en", () => `LOT ${lot()} EXP ${ri(2025, 2029)}-${pad(ri(1, 12), 2)} - store below ${ri(8, 25)} °C`],
    ["de", () => `Ch.-B. ${nz(7)}, verwendbar bis ${pad(ri(1, 12), 2)}/${ri(2025, 2029)}`],
    ["fr", () => `Lot n° ${lot()} - à consommer de préférence avant le ${dt("fr")}`],
    ["es", () => `Lote ${lot()}, consumir preferentemente antes del ${pad(ri(1, 12), 2)}/${ri(2025, 2029)}`],
    ["it", () => `Lotto ${lot()} - da consumarsi entro il ${dt("it")}`],
    ["nl", () => `Partijnummer ${lot()}, ten minste houdbaar tot ${dt("nl")}`],
    ["pt", () => `Lote ${lot()}, validade ${pad(ri(1, 12), 2)}/${ri(2025, 2029)}`],
    ["pl", () => `Partia ${lot()}, najlepiej spożyć przed ${dt("pl")}`],
  ]],
  ["hash_uuid", [
    ["en", () => `fixed in commit ${sha(pick([7, 8, 40]))}, see PR #${ri(100, 9999)}`],
    ["en", () => `request id ${uuid()} returned 502 at ${hhmm()}`],
    ["de", () => `Transaktions-ID ${uuid()} - bitte im Support-Fall angeben.`],
    ["fr", () => `Identifiant de requête : ${uuid()}`],
    ["es", () => `Hash SHA-256 del archivo: ${sha(64)}`],
    ["it", () => `ID transazione ${uuid()}`],
    ["nl", () => `Checksum (md5): ${sha(32)}`],
    ["pt", () => `ID do pedido: ${uuid()}`],
    ["pl", () => `Identyfikator żądania: ${uuid()}`],
  ]],
  ["network_config", [
    ["en", () => `printer is on ${ip()}, port ${ri(1024, 65000)}, MAC ${mac()}`],
    ["en", () => `VLAN ${ri(2, 4000)}, gateway ${ip()}, DNS ${ip()}`],
    ["de", () => `Der Drucker hat die IP ${ip()}, Subnetz 255.255.255.0.`],
    ["fr", () => `Adresse IP du serveur : ${ip()}:${ri(1024, 65000)}`],
    ["es", () => `La cámara está en ${ip()}, MAC ${mac()}.`],
    ["it", () => `Gateway ${ip()}, DNS primario ${ip()}.`],
    ["nl", () => `Router bereikbaar op ${ip()}, poort ${ri(1024, 65000)}.`],
    ["pt", () => `IP fixo: ${ip()}, máscara 255.255.255.0`],
    ["pl", () => `Adres IP drukarki: ${ip()}, MAC ${mac()}`],
  ]],
  ["verification_code", [
    ["en", () => `Your verification code is ${code6()}. It expires in ${ri(5, 15)} minutes.`],
    ["de", () => `Ihr Abholcode für Fach ${ri(1, 80)}: ${code6()}`],
    ["fr", () => `Votre code de confirmation : ${code6()} (valable ${ri(5, 15)} min)`],
    ["es", () => `Tu código de verificación es ${code6()}.`],
    ["it", () => `Il tuo codice OTP è ${code6()}, valido per ${ri(3, 10)} minuti.`],
    ["nl", () => `Je verificatiecode is ${code6()}.`],
    ["pt", () => `Seu código de verificação: ${code6()}`],
    ["pl", () => `Kod odbioru paczki: ${code6()}, skrytka ${ri(1, 60)}`],
  ]],
  ["duration_timecode", [
    ["en", () => `cut from ${pad(ri(0, 1), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)} to ${pad(ri(1, 2), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}`],
    ["en", () => `Lap ${ri(1, 60)}: ${ri(1, 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}`],
    ["de", () => `Fahrzeit ${ri(1, 9)} Std. ${ri(0, 59)} Min., Ankunft ${hhmm()}`],
    ["fr", () => `Durée : ${ri(1, 3)} h ${pad(ri(0, 59), 2)} min ${pad(ri(0, 59), 2)} s`],
    ["es", () => `Duración total ${ri(0, 3)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}`],
    ["it", () => `Durata: ${ri(60, 180)} minuti, intervallo alle ${hhmm()}`],
    ["nl", () => `Looptijd ${ri(1, 3)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}, ${ri(1, 40)} hoofdstukken`],
    ["pt", () => `Duração: ${ri(1, 3)}h${pad(ri(0, 59), 2)}min`],
    ["pl", () => `Czas trwania: ${ri(1, 3)} godz. ${ri(0, 59)} min`],
  ]],
  ["legal_reference", [
    ["de", () => `gemäß § ${ri(1, 900)}${pick(["", "a", "b", "g"])} Abs. ${ri(1, 5)} Nr. ${ri(1, 9)} BGB`],
    ["de", () => `Az. ${ri(1, 40)} ${pick(["O", "C", "U", "S"])} ${ri(1, 999)}/${ri(18, 26)}`],
    ["fr", () => `conformément à l'article L. ${ri(100, 999)}-${ri(1, 30)} du Code de la consommation`],
    ["es", () => `según el artículo ${ri(1, 200)}.${ri(1, 9)} de la Ley ${ri(1, 60)}/${ri(1990, 2024)}`],
    ["it", () => `ai sensi dell'art. ${ri(1, 2000)} c.c. e del D.Lgs. ${ri(1, 300)}/${ri(1990, 2024)}`],
    ["nl", () => `op grond van artikel ${ri(1, 500)} lid ${ri(1, 6)} Boek ${ri(1, 8)} BW`],
    ["pt", () => `nos termos do artigo ${ri(1, 999)}.º, n.º ${ri(1, 6)}, do Código Civil`],
    ["pl", () => `zgodnie z art. ${ri(1, 900)} § ${ri(1, 5)} Kodeksu cywilnego`],
    ["en", () => `pursuant to Section ${ri(1, 200)}(${pick("abcd")})(${ri(1, 9)}) of the Act, Reg. ${ri(1990, 2024)}/${ri(1, 999)}`],
  ]],
  ["weather", [
    ["en", () => `High ${ri(-5, 35)}°C, low ${ri(-15, 20)}°C, wind ${ri(5, 80)} km/h, pressure ${ri(980, 1040)} hPa.`],
    ["de", () => `Höchstwerte ${ri(-5, 35)} Grad, Wind aus ${pick(["Nordwest", "Süd", "Ost"])} mit ${ri(5, 80)} km/h.`],
    ["fr", () => `Maximales ${ri(-5, 35)} °C, minimales ${ri(-15, 20)} °C, rafales à ${ri(20, 120)} km/h.`],
    ["es", () => `Máxima de ${ri(-5, 42)} grados y mínima de ${ri(-10, 25)}, humedad ${ri(20, 99)}%.`],
    ["it", () => `Temperature tra ${ri(-5, 15)} e ${ri(15, 40)} °C, ${ri(0, 60)} mm di pioggia.`],
    ["nl", () => `Vandaag ${ri(-5, 32)} graden, windkracht ${ri(1, 9)}, ${ri(0, 30)} mm regen.`],
    ["pt", () => `Máxima de ${ri(5, 42)} °C, mínima de ${ri(-2, 25)} °C.`],
    ["pl", () => `Temperatura od ${ri(-15, 10)} do ${ri(10, 35)} °C, ciśnienie ${ri(980, 1040)} hPa.`],
  ]],
  ["recipe", [
    ["en", () => `${ri(100, 500)} g flour, ${ri(2, 4)} eggs, ${ri(100, 400)} ml milk - bake at ${ri(160, 220)}°C for ${ri(20, 60)} min.`],
    ["de", () => `${ri(100, 500)} g Mehl, ${ri(2, 4)} Eier, ${ri(100, 400)} ml Milch, bei ${ri(160, 220)} °C Umluft ${ri(20, 60)} Min. backen.`],
    ["fr", () => `${ri(100, 500)} g de farine, ${ri(2, 4)} œufs, ${ri(10, 40)} cl de lait, ${ri(20, 60)} min à ${ri(160, 220)} °C.`],
    ["es", () => `${ri(100, 500)} g de harina, ${ri(2, 4)} huevos, horno a ${ri(160, 220)} °C durante ${ri(20, 60)} minutos.`],
    ["it", () => `${ri(100, 500)} g di farina, ${ri(2, 4)} uova, forno a ${ri(160, 220)} °C per ${ri(20, 60)} minuti.`],
    ["nl", () => `${ri(100, 500)} g bloem, ${ri(2, 4)} eieren, ${ri(20, 60)} minuten op ${ri(160, 220)} °C.`],
    ["pt", () => `${ri(100, 500)} g de farinha, ${ri(2, 4)} ovos, forno a ${ri(160, 220)} °C por ${ri(20, 60)} minutos.`],
    ["pl", () => `${ri(100, 500)} g mąki, ${ri(2, 4)} jajka, piec ${ri(20, 60)} min w ${ri(160, 220)} °C.`],
  ]],
  ["room_number", [
    ["en", () => `The workshop is in room ${room()}, building ${pick("ABCDEFG")}, floor ${ri(0, 9)}.`],
    ["de", () => `Die Besprechung findet in Raum ${room()} statt (Gebäude ${ri(1, 12)}).`],
    ["fr", () => `Salle ${room()}, bâtiment ${pick("ABCDEF")}, ${ri(1, 6)}e étage.`],
    ["es", () => `Aula ${room()}, edificio ${ri(1, 9)}, planta ${ri(0, 6)}.`],
    ["it", () => `Aula ${room()}, piano ${ri(0, 6)}, edificio ${pick("ABCDE")}.`],
    ["nl", () => `Lokaal ${room()}, ${ri(1, 5)}e verdieping.`],
    ["pt", () => `Sala ${room()}, piso ${ri(0, 6)}, edifício ${pick("ABCDE")}.`],
    ["pl", () => `Sala ${room()}, budynek ${pick("ABCDE")}, piętro ${ri(0, 6)}.`],
  ]],
  ["statistics", [
    ["en", () => `Conversion up ${dec(0, 30, 1)}% to ${big("en")} sessions; bounce rate ${dec(20, 80, 1)}%.`],
    ["de", () => `Umsatz Q${ri(1, 4)}: ${big("de")} Tsd. €, +${dec(0, 20, 1, "de")} % ggü. Vorjahr.`],
    ["fr", () => `${big("fr")} visiteurs uniques en ${pick(MONTHS.fr)}, soit +${dec(0, 25, 1, "fr")} %.`],
    ["es", () => `La tasa de paro baja al ${dec(5, 20, 2, "es")} % con ${big("de")} afiliados más.`],
    ["it", () => `Vendite a +${dec(0, 25, 1, "it")}%, ${big("de")} unità nel trimestre.`],
    ["nl", () => `${big("de")} bezoekers, ${dec(0, 25, 1, "nl")}% meer dan vorig jaar.`],
    ["pt", () => `Inflação de ${dec(0, 10, 1, "pt")}% em ${ri(2020, 2025)}, ${big("de")} postos de trabalho.`],
    ["pl", () => `Sprzedaż wzrosła o ${dec(0, 25, 1, "pl")}% do ${big("pl")} sztuk.`],
  ]],
];
const PER_FAMILY = 28;
const benign = [];
for (const [family, ts] of BENIGN) {
  const seen = new Set();
  let guard = 0;
  while (seen.size < PER_FAMILY && guard++ < 2000) {
    const [lang, fn] = pick(ts);
    const text = fn();
    if (seen.has(text)) continue;
    seen.add(text);
    benign.push({ family, lang, text });
  }
}

// ---------------------------------------------------------------- labels from the reference checks
const lines = pii.map((r) => JSON.stringify({ kind: r.kind, sub: r.sub, value: r.values[0], region: regionOf(r.locale) }));
const res = spawnSync(PYTHON, [path.join(HERE, "pii_reference_checks.py")], {
  input: lines.join("\n") + "\n",
  encoding: "utf-8",
  maxBuffer: 64 * 1024 * 1024,
});
if (res.status !== 0) {
  process.stderr.write(res.stderr || "");
  throw new Error(`reference checks failed (${PYTHON}); fix: set PII12_PYTHON to a Python with python-stdnum and phonenumbers`);
}
const answer = JSON.parse(res.stdout);
const surprises = [];
pii.forEach((r, i) => {
  const got = answer.passes[i];
  r.check = got === null ? "n/a" : got ? "valid" : "invalid";
  if (intended[i] !== null && got !== intended[i]) surprises.push(`${r.kind}/${r.sub} ${r.locale} ${JSON.stringify(r.values[0])} meant ${intended[i]} got ${got}`);
});
if (process.env.PII12_VERBOSE) for (const s of surprises) process.stderr.write(`${s}\n`);
process.stderr.write(`${pii.length} pii, ${benign.length} benign, ${templates.length} templates; ${surprises.length} labels differ from the generator's intent\n`);

const out = {
  source: "random-name",
  source_version: RN_VERSION,
  source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_twelfth.mjs",
  seed: SEED,
  locales: LOCALES,
  templates,
  templates_naming_nothing: templates.flatMap((t, i) => (t.names_value ? [] : [i])),
  pii,
  benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
