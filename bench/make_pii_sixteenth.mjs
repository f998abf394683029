// Sixteenth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `random-lastname` 1.0.1 (MIT, bubkoo): its one export picks a surname
// from its list of ~500 common (mostly US) last names, with Math.random. Every random choice
// here, the package's picks included, comes from the one seeded PRNG of npm `seedrandom` 3.0.5
// (MIT), installed as Math.random (`seedrandom(SEED, { global: true })`). Seed: 16161616 (SEED
// below). The package has no first names and no non-English surnames: first names for all
// eight languages and local surnames for de, fr, es, it, nl, pt and pl are short hand-written
// lists here; a person of a non-English locale gets a package surname about one time in three.
// What the package lacks is built here from public algorithms: issuer prefix ranges + Luhn for
// cards; ISO 13616 mod-97 IBANs for 12 countries (with the national check digits of ES (CCC),
// BE (mod 97), FR (RIB key), IT (CIN), PT (NIB) and PL (bank-code digit)); the eight national
// identifiers (SSN area/group/serial rules, HMRC NINO prefixes, BSN 11-test, IdNr ISO 7064
// mod 11,10, NIR mod 97, DNI/NIE mod 23, codice fiscale from the person's own name, birth date
// and a Belfiore code); phone numbers from the numbering plans of 12 regions; Luhn / ISBN /
// EAN / ISO 11649 check digits for the benign IMEI, ICCID, SIRET, ISBN, EAN and creditor
// reference numbers. Phone, IBAN and identifier candidates are drawn first into pools and only
// those the reference validators accept are kept, so untampered values are valid by
// construction. About one value in twelve is tampered with on purpose (a changed digit, a
// dropped digit, two swapped digits; its form ends in ":tampered"; a changed phone number may
// still be a number of the plan, and is then labelled valid); every `check` label comes ONLY
// from bench/pii_reference_checks.py (python-stdnum, phonenumbers, Luhn), spawned with the
// Python named by $PII16_PYTHON (default /work/main/.venv/bin/python).
//
// Run:  npm install --prefix /tmp/g16 random-lastname@1.0.1 seedrandom@3.0.5
//       node bench/make_pii_sixteenth.mjs [out.json]   (default bench/data/pii_sixteenth.json)
//       ($PII16_NODE_DIR names the npm prefix holding that node_modules; default /tmp/g16)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests,
// its docs or the earlier corpora and their generators beyond the fifteenth's header), and the
// output file was committed before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODS = process.env.PII16_NODE_DIR || "/tmp/g16";
const require = createRequire(path.join(MODS, "package.json"));
const seedrandom = require("seedrandom");
const SEED = 16161616;
seedrandom(String(SEED), { global: true });
const lastname = require("random-lastname");
const PKG = require("random-lastname/package.json");
const PY = process.env.PII16_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || path.join(HERE, "data", "pii_sixteenth.json");

const rnd = () => Math.random();
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const chance = (p) => rnd() < p;
function shuffle(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
  return a;
}
const pad = (x, n) => String(x).padStart(n, "0");

function reference(rows) {
  const input = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const res = spawnSync(PY, [path.join(HERE, "pii_reference_checks.py")], {
    input, encoding: "utf-8", maxBuffer: 1 << 28,
  });
  if (res.status !== 0) throw new Error(`reference checks failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

// ---------------------------------------------------------------- people
const FIRST = {
  en: ["James", "Olivia", "Ethan", "Megan", "Liam", "Chloe", "Noah", "Grace", "Connor", "Hannah", "Ryan", "Abigail", "Tyler", "Zoe", "Owen", "Lucy", "Callum", "Emily", "Jack", "Sophie"],
  de: ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Tobias", "Katharina", "Florian", "Johanna", "Matthias", "Sabine", "Jürgen", "Lena", "Stefan", "Ute", "Maximilian", "Birgit"],
  fr: ["Lucas", "Camille", "Hugo", "Manon", "Théo", "Chloé", "Antoine", "Élodie", "Nicolas", "Pauline", "Julien", "Mathilde", "Baptiste", "Inès", "Mathieu", "Océane", "Rémi", "Margaux"],
  es: ["Alejandro", "Lucía", "Javier", "Carmen", "Pablo", "Marta", "Sergio", "Elena", "Diego", "Paula", "Álvaro", "Nuria", "Raúl", "Inés", "Jorge", "Rocío", "Iker", "Ainhoa"],
  it: ["Marco", "Giulia", "Alessandro", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Davide", "Federica", "Simone", "Martina", "Giorgio", "Elisa", "Riccardo", "Valentina", "Nicola", "Beatrice"],
  nl: ["Daan", "Emma", "Sem", "Sanne", "Bram", "Fleur", "Thijs", "Lotte", "Ruben", "Femke", "Jeroen", "Marieke", "Joost", "Anouk", "Wouter", "Ilse", "Pieter", "Noor"],
  pt: ["João", "Ana", "Pedro", "Beatriz", "Tiago", "Mariana", "Rafael", "Inês", "Gabriel", "Larissa", "Lucas", "Fernanda", "Rodrigo", "Juliana", "Bruno", "Catarina", "Thiago", "Leonor"],
  pl: ["Jakub", "Zofia", "Kacper", "Julia", "Mateusz", "Maja", "Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Michał", "Magdalena", "Krzysztof", "Aleksandra", "Paweł", "Joanna", "Wojciech", "Natalia"],
};
const LAST = {
  de: ["Müller", "Schmidt", "Schneider", "Fischer", "Becker", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Wolf", "Neumann", "Zimmermann", "Krüger", "Hartmann", "Lange", "Vogel", "Brandt"],
  fr: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Girard", "Mercier", "Fontaine", "Chevalier", "Rousseau", "Garnier", "Faure", "Blanc"],
  es: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Jiménez", "Moreno", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Iglesias"],
  it: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Lombardi"],
  nl: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker"],
  pt: ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Almeida", "Ribeiro", "Carvalho", "Teixeira"],
  pl: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski"],
};
function person(lang) {
  const first = pick(FIRST[lang]);
  const last = lang === "en" || chance(0.34) ? lastname() : pick(LAST[lang]);
  return { first, last, full: `${first} ${last}` };
}
const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l").replace(/Ł/g, "L");

// ---------------------------------------------------------------- locales
const LOCALES = ["en-US", "en-GB", "de", "de-AT", "fr", "fr-BE", "es", "it", "nl", "nl-BE", "pt-BR", "pt-PT", "pl"];
const HOME = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const regionOf = (loc) => (loc.includes("-") ? loc.split("-")[1] : HOME[loc]);
const langOf = (loc) => loc.slice(0, 2);

// ---------------------------------------------------------------- templates
// Lines starting with "~" name nothing (no word for the kind of value): the value must be
// recognised by its shape alone. {v} the value, {n} a full name, {f} a first name.
const TPL = {
  en: {
    email: [
      "hey, can you cc me on that? my work email is {v} — the gmail one is dead",
      "Contact: {n} <{v}> | Sales Ops",
      "pls update my e-mail address on file to {v} (typo in the old one)",
      "~{n} wrote: \"forward the minutes to {v} before friday\"",
      "~reply-to,{v},{n},opt_in=yes",
    ],
    phone: [
      "Best number to reach me is {v}, after 5pm is better. - {f}",
      "Agent note: caller {n} asked for a callback on mobile {v} re: refund",
      "tel: {v}  |  {n}, Regional Manager",
      "~ok so it's {v}... yeah that one, text first",
      "~{n} {v} (emergency contact)",
    ],
    card: [
      "card number {v} exp 09/27, name on card {n}",
      "Customer read out the credit card over the phone: {v}. Flagged for PCI cleanup.",
      "Hi, my Visa ending... actually here's the full card no {v} — pls charge the deposit",
      "~{n}: {v} 11/26, the 3 digits in a separate msg",
      "~paid with {v}, receipt to follow",
    ],
    iban: [
      "Please wire the balance to IBAN {v} (account holder {n}).",
      "Bank details for the refund — IBAN: {v}, BIC to follow",
      "my iban is {v} if you want to just send it back",
      "~Payee: {n} / {v}",
      "~{n},{v},EUR,1250.00,rent march",
    ],
    national_id: [
      "SSN/NI no. as requested: {v}",
      "Applicant {n}, national ID {v}, verified in person",
      "for the tax form they need my social security number: {v}",
      "~{n} — {v} — DOB on the back",
      "~Ref. {v} ({n})",
    ],
  },
  de: {
    email: [
      "Bitte schicken Sie die Unterlagen an meine E-Mail-Adresse {v}. Danke, {f}",
      "Mail: {v} (privat, nicht die Firmenadresse)",
      "Neue E-Mail von {n}: {v} – bitte im CRM ändern",
      "~Ansprechpartner {n}, {v}",
      "~schreib mir einfach an {v}, bin grad unterwegs",
    ],
    phone: [
      "Tel.: {v} (Mo–Fr 9–17 Uhr)",
      "Rückrufbitte von Frau/Herrn {n}, Handynummer {v}",
      "Meine Telefonnummer hat sich geändert, neu: {v}",
      "~{n} · {v} · Vertrieb Süd",
      "~ruf mal unter {v} an, {f} weiß Bescheid",
    ],
    card: [
      "Kreditkartennummer: {v}, gültig bis 04/28",
      "Kunde {n} hat die Kartennummer {v} per Chat geschickt (!)",
      "Zahlung per Kreditkarte {v} – Beleg folgt",
      "~{v} 08/27 {n}",
      "~hab's mit der {v} bezahlt, war das falsch?",
    ],
    iban: [
      "Bitte überweisen Sie den Betrag auf folgendes Konto: IBAN {v}, Kontoinhaber {n}",
      "Bankverbindung: IBAN: {v} – BIC folgt",
      "Meine neue IBAN lautet {v}, die alte bitte löschen.",
      "~Empfänger: {n}; {v}; Verwendungszweck Miete",
      "~{n} – {v}",
    ],
    national_id: [
      "Steuer-ID: {v} (für die Lohnabrechnung)",
      "Steuerliche Identifikationsnummer von {n}: {v}",
      "Ausweisnr./Steuernummer wie besprochen: {v}",
      "~{n}, {v}, Eintritt 01.03.",
      "~Hier nochmal die Nummer: {v}",
    ],
  },
  fr: {
    email: [
      "Mon adresse e-mail : {v} (pas celle du boulot)",
      "Courriel de {n} : {v}",
      "vous pouvez m'écrire sur mon mail perso {v}, merci !",
      "~{n} — {v} — service comptabilité",
      "~Répondre à : {v}",
    ],
    phone: [
      "Tél : {v}",
      "Merci de rappeler {n} au numéro de portable suivant : {v}",
      "mon numéro c'est le {v}, dispo après 18h",
      "~{n}, {v}, astreinte du week-end",
      "~tu peux joindre {f} au {v}",
    ],
    card: [
      "Numéro de carte bancaire : {v}, exp. 10/26",
      "Le client {n} a dicté son numéro de CB : {v}",
      "Paiement par carte {v} refusé, merci de réessayer",
      "~{n} {v} 07/27",
      "~j'ai réglé avec la {v} hier",
    ],
    iban: [
      "Merci d'effectuer le virement sur l'IBAN {v} (titulaire : {n})",
      "RIB / IBAN : {v}",
      "Voici mon IBAN pour le remboursement : {v}",
      "~Bénéficiaire : {n} – {v}",
      "~{n};{v};loyer avril",
    ],
    national_id: [
      "N° de sécurité sociale : {v}",
      "Numéro INSEE de {n} : {v}",
      "Pour l'inscription il faut le numéro de sécu : {v}",
      "~{n} ({v})",
      "~Dossier {v} – {n}",
    ],
  },
  es: {
    email: [
      "Mi correo electrónico es {v}, escríbeme ahí",
      "Email de contacto de {n}: {v}",
      "por favor, cambiad mi e-mail a {v}",
      "~{n} · {v} · Dpto. Compras",
      "~mándalo a {v} cuando puedas",
    ],
    phone: [
      "Tel. {v} (de 9 a 14 h)",
      "Llamar a {n} al móvil {v}, urgente",
      "mi número de teléfono es el {v}",
      "~{n} – {v}",
      "~si no contesto, prueba con el {v}",
    ],
    card: [
      "Número de tarjeta: {v}, caduca 12/27",
      "El cliente {n} nos ha enviado la tarjeta de crédito {v} por correo",
      "Pago con tarjeta {v} pendiente de confirmar",
      "~{n} {v} 03/28",
      "~pagué con la {v}, ¿me hacéis factura?",
    ],
    iban: [
      "Por favor, haz la transferencia al IBAN {v} a nombre de {n}",
      "Cuenta bancaria (IBAN): {v}",
      "te paso mi IBAN: {v}",
      "~Titular: {n}. {v}",
      "~{n},{v},alquiler mayo",
    ],
    national_id: [
      "DNI/NIE: {v}",
      "Documento de identidad de {n}: {v}",
      "Para la reserva necesitamos su número de DNI: {v}",
      "~{n}, {v}",
      "~Nombre: {n} / Doc.: {v}",
    ],
  },
  it: {
    email: [
      "La mia email è {v}, scrivimi lì",
      "Indirizzo e-mail di {n}: {v}",
      "mi mandate la fattura alla mail {v}? grazie",
      "~{n} – {v} – ufficio acquisti",
      "~rispondi a {v}",
    ],
    phone: [
      "Tel. {v}",
      "Richiamare {n} al cellulare {v}",
      "il mio numero di telefono è {v}, meglio dopo pranzo",
      "~{n}, {v}",
      "~chiama {f} al {v} per le chiavi",
    ],
    card: [
      "Numero carta di credito: {v}, scadenza 05/27",
      "Il cliente {n} ha comunicato la carta {v} al telefono",
      "pagamento con carta {v} non andato a buon fine",
      "~{n} {v} 02/28",
      "~ho pagato con la {v}",
    ],
    iban: [
      "Effettuare il bonifico sull'IBAN {v} intestato a {n}",
      "Coordinate bancarie – IBAN: {v}",
      "ti giro il mio iban: {v}",
      "~Beneficiario: {n} – {v}",
      "~{n};{v};affitto giugno",
    ],
    national_id: [
      "Codice fiscale: {v}",
      "C.F. di {n}: {v}",
      "per la ricetta serve il codice fiscale, eccolo: {v}",
      "~{n} – {v}",
      "~Intestatario {n} ({v})",
    ],
  },
  nl: {
    email: [
      "Mijn e-mailadres is {v}, mail me daar maar",
      "E-mail van {n}: {v}",
      "kun je de offerte naar {v} mailen?",
      "~{n} | {v} | inkoop",
      "~stuur het naar {v} aub",
    ],
    phone: [
      "Tel: {v}",
      "Graag terugbellen naar {n} op mobiel nummer {v}",
      "mijn telefoonnummer is {v}, na 17u bereikbaar",
      "~{n} – {v}",
      "~bel {f} even op {v}",
    ],
    card: [
      "Creditcardnummer: {v}, geldig t/m 06/27",
      "Klant {n} heeft zijn creditcard {v} in de chat gezet",
      "betaling met creditcard {v} mislukt",
      "~{n} {v} 01/28",
      "~betaald met {v}, bon volgt",
    ],
    iban: [
      "Graag overmaken naar IBAN {v} t.n.v. {n}",
      "Rekeningnummer (IBAN): {v}",
      "mijn IBAN is {v}",
      "~Begunstigde: {n}, {v}",
      "~{n};{v};huur juli",
    ],
    national_id: [
      "BSN: {v}",
      "Burgerservicenummer van {n}: {v}",
      "voor de zorgverzekering hebben ze mijn BSN nodig: {v}",
      "~{n} ({v})",
      "~Dossier {n} – {v}",
    ],
  },
  pt: {
    email: [
      "Meu e-mail é {v}, pode mandar por lá",
      "Email de {n}: {v}",
      "por favor atualizem o meu endereço de email para {v}",
      "~{n} – {v} – financeiro",
      "~manda pra {v} ok?",
    ],
    phone: [
      "Tel.: {v}",
      "Ligar para {n} no telemóvel/celular {v}",
      "meu telefone é {v}, chama no zap",
      "~{n} – {v}",
      "~fala com {f} no {v}",
    ],
    card: [
      "Número do cartão de crédito: {v}, validade 08/27",
      "O cliente {n} enviou o cartão {v} pelo chat",
      "pagamento no cartão {v} recusado",
      "~{n} {v} 09/28",
      "~paguei com o {v}",
    ],
    iban: [
      "Por favor transfira para o IBAN {v}, titular {n}",
      "Dados bancários – IBAN: {v}",
      "o meu IBAN é {v}",
      "~Beneficiário: {n} / {v}",
      "~{n};{v};renda agosto",
    ],
    national_id: [
      "Número de identificação fiscal/documento: {v}",
      "Documento de {n}: {v}",
      "para o cadastro precisam do número do documento: {v}",
      "~{n} – {v}",
      "~Ref.: {v} ({n})",
    ],
  },
  pl: {
    email: [
      "Mój adres e-mail to {v}, proszę pisać tam",
      "E-mail {n}: {v}",
      "prześlij fakturę na maila {v}, dzięki",
      "~{n} – {v} – dział zakupów",
      "~odpisz na {v}",
    ],
    phone: [
      "Tel. {v}",
      "Proszę oddzwonić do {n} na numer komórkowy {v}",
      "mój numer telefonu to {v}, po 16",
      "~{n}, {v}",
      "~zadzwoń do {f} pod {v}",
    ],
    card: [
      "Numer karty kredytowej: {v}, ważna do 11/27",
      "Klient {n} podał numer karty {v} przez telefon",
      "płatność kartą {v} odrzucona",
      "~{n} {v} 04/28",
      "~zapłaciłem {v}",
    ],
    iban: [
      "Proszę o przelew na konto IBAN {v}, odbiorca {n}",
      "Numer rachunku (IBAN): {v}",
      "mój numer konta IBAN: {v}",
      "~Odbiorca: {n}; {v}",
      "~{n};{v};czynsz wrzesień",
    ],
    national_id: [
      "Numer dokumentu / identyfikator: {v}",
      "Numer identyfikacyjny {n}: {v}",
      "do formularza potrzebny jest numer identyfikacyjny: {v}",
      "~{n} – {v}",
      "~Sprawa {v} ({n})",
    ],
  },
};
const LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"];
const KINDS = ["email", "phone", "card", "iban", "national_id"];
const templates = [];
const tplIndex = {};
for (const lang of LANGS) for (const kind of KINDS) {
  tplIndex[`${lang}/${kind}`] = [];
  for (const raw of TPL[lang][kind]) {
    const quiet = raw.startsWith("~");
    tplIndex[`${lang}/${kind}`].push(templates.length);
    templates.push({ lang, kind, names_value: !quiet, text: quiet ? raw.slice(1) : raw });
  }
}

// ---------------------------------------------------------------- phones
// One plan entry: country code, trunk prefix, and a maker of the national significant number
// as groups of digits (how people of that country group them).
const PLANS = {
  US: { cc: "1", trunk: "", make: () => [pick(["212", "415", "312", "617", "206", "303", "512", "702", "404", "305", "213", "646", "720", "919"]), `${int(2, 9)}${digits(2)}`, digits(4)] },
  GB: { cc: "44", trunk: "0", make: () => pick([() => [`7${pick(["4", "5", "7", "8", "9"])}${digits(2)}`, digits(6)], () => ["20", `${pick(["7", "3", "8"])}${digits(3)}`, digits(4)], () => ["161", digits(3), digits(4)], () => ["131", digits(3), digits(4)]])() },
  DE: { cc: "49", trunk: "0", make: () => pick([() => [pick(["151", "160", "170", "171", "176", "157", "152"]), digits(pick([7, 8]))], () => ["30", `${int(2, 9)}${digits(7)}`], () => ["89", `${int(2, 9)}${digits(6)}`], () => ["221", `${int(2, 9)}${digits(6)}`], () => ["40", `${int(2, 9)}${digits(7)}`]])() },
  AT: { cc: "43", trunk: "0", make: () => pick([() => [pick(["664", "676", "650", "699"]), digits(7)], () => ["1", `${int(2, 9)}${digits(6)}`], () => ["316", `${int(2, 9)}${digits(5)}`]])() },
  FR: { cc: "33", trunk: "0", make: () => { const n = `${pick(["6", "7", "1", "2", "3", "4", "5", "9"])}${digits(8)}`; return [n[0], n.slice(1, 3), n.slice(3, 5), n.slice(5, 7), n.slice(7, 9)]; } },
  BE: { cc: "32", trunk: "0", make: () => pick([() => [`4${pick(["7", "8", "9"])}${int(0, 9)}`, digits(2), digits(2), digits(2)], () => ["2", `${int(2, 9)}${digits(2)}`, digits(2), digits(2)], () => ["9", `${int(2, 9)}${digits(2)}`, digits(2), digits(2)]])() },
  ES: { cc: "34", trunk: "", make: () => [`${pick(["6", "6", "7", "9"])}${digits(2)}`, digits(3), digits(3)] },
  IT: { cc: "39", trunk: "", make: () => pick([() => [`3${int(2, 9)}${int(0, 9)}`, digits(7)], () => ["06", digits(8)], () => ["02", digits(8)], () => ["011", digits(7)]])() },
  NL: { cc: "31", trunk: "0", make: () => pick([() => ["6", digits(8)], () => ["20", `${int(2, 9)}${digits(6)}`], () => ["10", `${int(2, 9)}${digits(6)}`], () => ["30", `${int(2, 9)}${digits(6)}`]])() },
  PT: { cc: "351", trunk: "", make: () => [`${pick(["91", "92", "93", "96", "21", "22"])}${int(0, 9)}`, digits(3), digits(3)] },
  BR: { cc: "55", trunk: "", make: () => pick([() => [pick(["11", "21", "31", "41", "51", "61", "71", "81"]), `9${digits(4)}`, digits(4)], () => [pick(["11", "21", "31", "41"]), `${int(2, 5)}${digits(3)}`, digits(4)]])() },
  PL: { cc: "48", trunk: "", make: () => pick([() => [`${pick(["5", "6", "7", "8"])}${digits(2)}`, digits(3), digits(3)], () => [pick(["22", "12", "61", "71", "58"]), digits(3), digits(2), digits(2)]])() },
};
function phoneForms(region, g) {
  const p = PLANS[region];
  const nat = p.trunk + g.join(" ");
  const cat = g.join("");
  const forms = {
    national: nat,
    national_compact: p.trunk + cat,
    intl_spaced: `+${p.cc} ${g.join(" ")}`,
    intl_compact: `+${p.cc}${cat}`,
    intl_00: `00${p.cc} ${g.join(" ")}`,
    national_dashed: p.trunk + g.join("-"),
  };
  if (p.trunk === "0") forms.intl_trunk_bracket = `+${p.cc} (0)${g.join(" ")}`;
  if (region === "US") {
    Object.assign(forms, { national: `(${g[0]}) ${g[1]}-${g[2]}`, national_dotted: g.join("."), intl_dashed: `+1-${g.join("-")}`, one_prefix: `1 (${g[0]}) ${g[1]}-${g[2]}` });
    delete forms.intl_00;
  }
  if (region === "FR" || region === "BE") forms.national_dotted = p.trunk + g.join(".");
  if (region === "DE" || region === "AT") forms.national_slash = `${p.trunk}${g[0]}/${g.slice(1).join("")}`;
  if (region === "BR") Object.assign(forms, { national: `(${g[0]}) ${g[1]}-${g[2]}`, national_dashed: `${g[0]} ${g[1]}-${g[2]}`, intl_spaced: `+55 ${g[0]} ${g[1]}-${g[2]}` });
  if (region === "GB" || region === "NL") forms.intl_bracket_cc = `(+${p.cc}) ${g.join(" ")}`;
  return forms;
}

// ---------------------------------------------------------------- check digits
function luhnCheck(body) {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return String((10 - (s % 10)) % 10);
}
const withLuhn = (body) => body + luhnCheck(body);
function mod97(str) {
  let r = 0;
  for (const ch of str) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) r = (r * 10 + Number(c)) % 97;
  }
  return r;
}
function ibanOf(cc, bban) {
  const check = 98 - mod97(bban + cc + "00");
  return cc + pad(check, 2) + bban;
}
// Codice fiscale / CIN odd-position values of 0-9 and A-Z.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cinValue = (ch, odd) => {
  const i = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
  return odd ? ODD[i] : i;
};
const cinOf = (s) => String.fromCharCode(65 + ([...s].reduce((a, ch, i) => a + cinValue(ch, i % 2 === 0), 0) % 26));
function esDc(ten) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const d = 11 - ([...ten].reduce((a, c, i) => a + Number(c) * w[i], 0) % 11);
  return String(d === 11 ? 0 : d === 10 ? 1 : d);
}

// ---------------------------------------------------------------- cards
const CARD_BRANDS = [
  () => ["visa", "4" + digits(14), 16],
  () => ["mastercard", `5${int(1, 5)}` + digits(13), 16],
  () => ["mastercard2", `${int(2221, 2720)}` + digits(11), 16],
  () => ["amex", pick(["34", "37"]) + digits(12), 15],
  () => ["discover", "6011" + digits(11), 16],
  () => ["jcb", `${int(3528, 3589)}` + digits(11), 16],
  () => ["diners", "36" + digits(11), 14],
  () => ["maestro", pick(["6759", "5018", "6304"]) + digits(14), 19],
];
function cardForms(brand, n) {
  const g4 = n.match(/.{1,4}/g);
  const forms = { plain: n, spaced4: g4.join(" "), dashed4: g4.join("-") };
  if (brand === "amex") { forms.spaced_amex = `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`; forms.dashed_amex = `${n.slice(0, 4)}-${n.slice(4, 10)}-${n.slice(10)}`; }
  if (brand === "diners") forms.spaced_diners = `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
  if (n.length === 16) { forms.dotted4 = g4.join("."); forms.double_space = g4.join("  "); }
  return forms;
}

// ---------------------------------------------------------------- IBANs
const BBAN = {
  DE: () => digits(8) + digits(10),
  AT: () => `${int(1, 9)}${digits(4)}` + digits(11),
  CH: () => pad(int(100, 9999), 5) + digits(12),
  FR: () => { const b = digits(5), g = digits(5), a = digits(11); const key = 97 - ((89 * Number(b) + 15 * Number(g) + 3 * Number(a)) % 97); return b + g + a + pad(key, 2); },
  BE: () => { const t = digits(10); const c = Number(BigInt(t) % 97n) || 97; return t + pad(c, 2); },
  ES: () => { const bank = digits(4), branch = digits(4), acct = digits(10); return bank + branch + esDc("00" + bank + branch) + esDc(acct) + acct; },
  IT: () => { const s = digits(5) + digits(5) + digits(12); return cinOf(s) + s; },
  NL: () => pick(["ABNA", "RABO", "INGB", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ"]) + digits(10),
  PT: () => { const s = digits(19); return s + pad(98 - Number((BigInt(s) * 100n) % 97n), 2); },
  PL: () => { const s = digits(7); const w = [3, 9, 7, 1, 3, 9, 7]; const c = (10 - ([...s].reduce((a, d, i) => a + Number(d) * w[i], 0) % 10)) % 10; return s + c + digits(16); },
  GB: () => pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8),
  BR: () => digits(8) + digits(5) + digits(10) + pick(["C", "P"]) + "1",
};
const IBAN_FOR = { US: ["GB", "DE", "CH"], GB: ["GB", "GB", "DE"], DE: ["DE", "DE", "DE", "AT", "CH"], AT: ["AT", "AT", "DE"], FR: ["FR", "FR", "FR", "BE"], BE: ["BE", "BE", "FR", "NL"], ES: ["ES"], IT: ["IT"], NL: ["NL"], PT: ["PT"], BR: ["BR", "PT"], PL: ["PL"] };
function ibanForms(v) {
  const g = v.match(/.{1,4}/g);
  return { grouped: g.join(" "), compact: v, lower_grouped: g.join(" ").toLowerCase(), dashed: g.join("-"), spaced_pairs_of_8: v.match(/.{1,8}/g).join(" ") };
}

// ---------------------------------------------------------------- national ids
const NINO1 = "ABCEGHJKLMNOPRSTWXYZ", NINO2 = "ABCEGHJKLMNPRSTWXYZ";
const BELFIORE = ["H501", "F205", "L219", "F839", "G273", "A944", "D612", "L736", "B157", "G224", "C351", "E506"];
function cfPart(s, forName) {
  const up = ascii(s).toUpperCase().replace(/[^A-Z]/g, "");
  const cons = up.replace(/[AEIOU]/g, ""), vow = up.replace(/[^AEIOU]/g, "");
  if (forName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + "XXX").slice(0, 3);
}
const ID_MAKERS = {
  us_ssn: () => { let a; do a = int(1, 899); while (a === 666); const v = `${pad(a, 3)}${pad(int(1, 99), 2)}${pad(int(1, 9999), 4)}`; return v; },
  uk_nino: () => pick(NINO1) + pick(NINO2) + digits(6) + pick("ABCD"),
  nl_bsn: () => { for (;;) { const d = `${int(1, 9)}${digits(7)}`; const s = [...d].reduce((a, c, i) => a + Number(c) * (9 - i), 0); const c = s % 11; if (c < 10) return d + c; } },
  de_idnr: () => {
    const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const drop = all.splice(int(0, 9), 1);
    void drop;
    const twice = pick(all);
    let ds;
    do ds = shuffle([...all, twice]); while (ds[0] === 0);
    let p = 10;
    for (const d of ds) { let s = (d + p) % 10; if (s === 0) s = 10; p = (s * 2) % 11; }
    return ds.join("") + String((11 - p) % 10);
  },
  fr_nir: () => { const body = `${int(1, 2)}${pad(int(40, 99), 2)}${pad(int(1, 12), 2)}${pad(int(1, 95), 2)}${pad(int(1, 999), 3)}${pad(int(1, 999), 3)}`; return body + pad(97 - Number(BigInt(body) % 97n), 2); },
  es_dni: () => { const n = digits(8); return n + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(n) % 23]; },
  es_nie: () => { const p = int(0, 2); const n = digits(7); return "XYZ"[p] + n + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(`${p}${n}`) % 23]; },
  it_cf: (who) => {
    const female = chance(0.5);
    const day = int(1, 28) + (female ? 40 : 0);
    const s = cfPart(who.last, false) + cfPart(who.first, true) + pad(int(40, 99), 2) + "ABCDEHLMPRST"[int(0, 11)] + pad(day, 2) + pick(BELFIORE);
    return s + cinOf(s);
  },
};
function idForms(sub, v) {
  const f = { plain: v };
  if (sub === "us_ssn") Object.assign(f, { dashed: `${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`, spaced: `${v.slice(0, 3)} ${v.slice(3, 5)} ${v.slice(5)}` });
  if (sub === "uk_nino") Object.assign(f, { spaced: `${v.slice(0, 2)} ${v.slice(2, 4)} ${v.slice(4, 6)} ${v.slice(6, 8)} ${v[8]}`, lower: v.toLowerCase(), spaced_pairs: `${v.slice(0, 2)}${v.slice(2, 4)} ${v.slice(4, 6)} ${v.slice(6)}` });
  if (sub === "nl_bsn") Object.assign(f, { dotted: `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}`, spaced: `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}` });
  if (sub === "de_idnr") Object.assign(f, { spaced: `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}` });
  if (sub === "fr_nir") Object.assign(f, { spaced: `${v[0]} ${v.slice(1, 3)} ${v.slice(3, 5)} ${v.slice(5, 7)} ${v.slice(7, 10)} ${v.slice(10, 13)} ${v.slice(13)}` });
  if (sub === "es_dni") Object.assign(f, { dashed: `${v.slice(0, 8)}-${v[8]}`, dotted: `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}-${v[8]}`, lower: v.toLowerCase() });
  if (sub === "es_nie") Object.assign(f, { dashed: `${v[0]}-${v.slice(1, 8)}-${v[8]}`, lower: v.toLowerCase() });
  if (sub === "it_cf") Object.assign(f, { lower: v.toLowerCase(), spaced: `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6, 11)} ${v.slice(11)}` });
  return f;
}
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es", es_nie: "es", it_cf: "it" };

// ---------------------------------------------------------------- e-mail
const DOMAINS = {
  en: ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "hotmail.com", "protonmail.com", "acme-corp.com", "northwind.io", "brightlane.co.uk"],
  de: ["web.de", "gmx.de", "t-online.de", "gmx.at", "posteo.de", "mueller-bau.de", "kanzlei-weber.de"],
  fr: ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com", "cabinet-leroy.fr", "mairie-exemple.fr"],
  es: ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es", "inmobiliaria-sol.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "gmail.com", "studiorossi.it"],
  nl: ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl", "gmail.com", "bakkerij-visser.nl", "telenet.be"],
  pt: ["gmail.com", "uol.com.br", "bol.com.br", "sapo.pt", "hotmail.com", "terra.com.br", "clinicasaude.pt"],
  pl: ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com", "firma-nowak.pl"],
};
function emailOf(lang, who) {
  const f = ascii(who.first).toLowerCase(), l = ascii(who.last).toLowerCase().replace(/[^a-z]/g, "");
  const d = pick(DOMAINS[lang]);
  const forms = [
    ["first.last", `${f}.${l}@${d}`],
    ["initial_last", `${f[0]}${l}@${d}`],
    ["first_last_digits", `${f}_${l}${int(1, 99)}@${d}`],
    ["first_plus_tag", `${f}+${pick(["news", "shop", "work", "2024", "bank"])}@${d}`],
    ["upper", `${ascii(who.first)}.${ascii(who.last).replace(/[^A-Za-z]/g, "")}@${d.toUpperCase()}`],
    ["last_first_year", `${l}.${f}${int(60, 99)}@${d}`],
    ["role_subdomain", `${f}@${pick(["mail", "eu", "staff"])}.${d}`],
    ["hyphen", `${f}-${l}@${d}`],
  ];
  return pick(forms);
}

// ---------------------------------------------------------------- benign
const eanCheck = (b) => String((10 - ([...b].reduce((a, c, i) => a + Number(c) * (i % 2 === 0 ? 1 : 3), 0) % 10)) % 10);
const imei = () => withLuhn(pick(["35", "86", "01", "35"]) + digits(12));
const iccid = () => withLuhn("89" + pick(["49", "33", "34", "39", "31", "44", "48"]) + digits(14));
const siret = () => withLuhn(digits(13));
const isbn = () => { const b = "978" + pick(["3", "2", "84", "88", "90", "85", "83", "0", "1"]) + digits(12); const t = b.slice(0, 12); return t + eanCheck(t); };
const ean = () => { const b = pick(["400", "300", "840", "800", "871", "560", "590", "500"]) + digits(9); return b + eanCheck(b); };
const rfRef = () => { const ref = digits(int(6, 12)); return "RF" + pad(98 - mod97(ref + "RF00"), 2) + ref; };
const day = () => int(1, 28), mon = () => int(1, 12), yr = () => int(2019, 2027);
const hhmm = () => `${pad(int(6, 22), 2)}:${pick(["00", "15", "30", "45", "05", "50"])}`;
const money = () => `${int(1, 2999)}${pick([",", "."])}${pad(int(0, 99), 2)}`;
const up = (n) => Array.from({ length: n }, () => pick("ABCDEFGHJKLMNPQRSTUVWXYZ")).join("");
const alnum = (n) => Array.from({ length: n }, () => pick("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")).join("");
const hex = (n) => Array.from({ length: n }, () => pick("0123456789abcdef")).join("");
const FAMILIES = {
  order_number: [
    () => ["en", `Your order #${digits(7)} has shipped and should arrive by ${day()}/${mon()}.`],
    () => ["de", `Bestellnummer ${int(100, 999)}-${digits(7)}-${digits(7)}: Lieferung verzögert sich um ${int(2, 5)} Tage.`],
    () => ["fr", `Commande n° ${digits(9)} confirmée, ${int(2, 9)} articles.`],
    () => ["pl", `Zamówienie nr ${yr()}/${digits(6)} zostało wysłane.`],
    () => ["es", `Pedido ${up(2)}-${digits(8)} listo para recoger en tienda.`],
  ],
  tracking_id: [
    () => ["en", `Tracking: 1Z${alnum(6)}${digits(10)} (UPS), last scan ${hhmm()}`],
    () => ["de", `Sendungsnummer ${digits(20)} – Paket liegt in der Filiale.`],
    () => ["nl", `Je pakket met trackingcode 3S${up(4)}${digits(9)} wordt morgen bezorgd.`],
    () => ["it", `Spedizione ${up(2)}${digits(9)}IT in consegna oggi.`],
    () => ["pt", `Código de rastreio ${up(2)}${digits(9)}BR postado em ${day()}/${mon()}.`],
  ],
  serial_number: [
    () => ["en", `S/N: ${up(3)}${digits(8)} — warranty valid until ${yr()}.`],
    () => ["de", `Seriennummer ${digits(4)}-${digits(4)}-${digits(4)} auf dem Typenschild.`],
    () => ["fr", `Numéro de série : ${alnum(12)}, modèle ${up(2)}-${int(100, 999)}`],
    () => ["es", `Nº de serie ${digits(12)} del compresor averiado.`],
    () => ["pl", `Numer seryjny urządzenia: ${up(2)}${digits(10)}`],
  ],
  date_time: [
    () => ["en", `Meeting moved to ${yr()}-${pad(mon(), 2)}-${pad(day(), 2)} at ${hhmm()} UTC.`],
    () => ["de", `Termin am ${pad(day(), 2)}.${pad(mon(), 2)}.${yr()} um ${hhmm()} Uhr bestätigt.`],
    () => ["fr", `Rendez-vous le ${day()}/${pad(mon(), 2)}/${yr()} à ${hhmm().replace(":", "h")}.`],
    () => ["it", `Scadenza: ${pad(day(), 2)}/${pad(mon(), 2)}/${yr()} ore ${hhmm()}`],
    () => ["pt", `Entrega prevista para ${pad(day(), 2)}/${pad(mon(), 2)}/${yr()} entre ${hhmm()} e ${hhmm()}.`],
  ],
  price: [
    () => ["en", `Total due: $${int(1, 9)},${digits(3)}.${digits(2)} incl. tax`],
    () => ["de", `Gesamtbetrag ${int(1, 99)}.${digits(3)},${digits(2)} € (inkl. 19 % MwSt.)`],
    () => ["fr", `Prix TTC : ${int(1, 999)} ${digits(3)},${digits(2)} €`],
    () => ["es", `El piso sale por ${int(90, 990)}.000 € más gastos.`],
    () => ["pl", `Do zapłaty: ${int(1, 99)} ${digits(3)},${digits(2)} zł`],
  ],
  room_number: [
    () => ["en", `Your room is ${int(1, 14)}${pad(int(1, 40), 2)}, breakfast from 6:30 on floor ${int(1, 3)}.`],
    () => ["de", `Raum ${up(1)} ${int(1, 4)}.${pad(int(1, 60), 2)} ist für ${hhmm()} gebucht.`],
    () => ["nl", `Vergadering in lokaal ${up(1)}${int(1, 3)}.${pad(int(1, 50), 2)}`],
    () => ["it", `Camera ${int(100, 520)}, check-out entro le ${hhmm()}`],
    () => ["es", `Habitación ${int(100, 899)}, planta ${int(1, 8)}`],
  ],
  flight_number: [
    () => ["en", `Flight ${pick(["BA", "AA", "UA", "DL"])}${int(10, 2999)} departs gate ${up(1)}${int(1, 60)} at ${hhmm()}.`],
    () => ["de", `Flug ${pick(["LH", "EW", "DE"])} ${int(100, 2999)} nach ${pick(["Palma", "Rom", "Lissabon"])} hat ${int(20, 90)} Min. Verspätung.`],
    () => ["fr", `Vol ${pick(["AF", "TO", "U2"])}${int(1000, 7999)}, embarquement ${hhmm()}, porte ${up(1)}${int(10, 49)}`],
    () => ["pt", `Voo ${pick(["TP", "LA", "G3", "AD"])} ${int(1000, 9999)} cancelado, remarcado para ${day()}/${mon()}.`],
    () => ["pl", `Lot ${pick(["LO", "FR", "W6"])}${int(100, 9999)} do ${pick(["Gdańska", "Krakowa", "Oslo"])} odlatuje o ${hhmm()}.`],
  ],
  invoice_ref: [
    () => ["en", `Invoice INV-${yr()}-${digits(5)} is overdue by ${int(3, 60)} days.`],
    () => ["de", `Rechnung Nr. RE${yr()}${digits(4)} vom ${day()}.${mon()}.${yr()}`],
    () => ["fr", `Facture FA${digits(8)} réglée le ${day()}/${mon()}.`],
    () => ["it", `Fattura n. ${int(1, 999)}/${yr()} del ${day()}/${mon()}/${yr()}`],
    () => ["nl", `Factuurnummer ${yr()}${digits(6)} staat nog open.`],
  ],
  imei: [
    () => ["en", `Device IMEI ${imei()} has been unlocked.`],
    () => ["de", `IMEI des gestohlenen Handys: ${imei()}`],
    () => ["es", `El IMEI del móvil es ${imei()} (marcar *#06#).`],
    () => ["pl", `Numer IMEI telefonu: ${imei()}`],
    () => ["it", `IMEI ${imei()} registrato per la garanzia.`],
  ],
  iccid: [
    () => ["en", `New SIM ICCID ${iccid()} activated on ${day()}/${mon()}.`],
    () => ["de", `SIM-Kartennummer (ICCID): ${iccid()}`],
    () => ["nl", `ICCID van de nieuwe simkaart: ${iccid()}`],
    () => ["fr", `Numéro ICCID de la carte SIM : ${iccid()}`],
    () => ["pt", `ICCID do chip: ${iccid()}`],
  ],
  siret: [
    () => ["fr", `SIRET ${siret()} – APE ${int(10, 96)}.${int(10, 99)}${up(1)}`],
    () => ["fr", `Entreprise immatriculée sous le n° SIRET ${(() => { const s = siret(); return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`; })()}`],
    () => ["en", `Supplier SIRET: ${siret()} (France)`],
    () => ["de", `Lieferant in Lyon, SIRET ${siret()}`],
    () => ["fr", `N° SIRET de l'établissement : ${siret()}`],
  ],
  isbn: [
    () => ["en", `ISBN ${isbn()} — paperback, ${int(120, 900)} pages.`],
    () => ["de", `Das Buch (ISBN ${(() => { const b = isbn(); return `${b.slice(0, 3)}-${b[3]}-${b.slice(4, 9)}-${b.slice(9, 12)}-${b[12]}`; })()}) ist vergriffen.`],
    () => ["es", `ISBN: ${isbn()}`],
    () => ["it", `Codice ISBN ${isbn()}, edizione ${yr()}`],
    () => ["pl", `Podręcznik ISBN ${isbn()} dostępny w bibliotece.`],
  ],
  ean_barcode: [
    () => ["en", `Barcode ${ean()} scanned twice at till ${int(1, 12)}.`],
    () => ["de", `EAN ${ean()} – ${int(6, 48)} Stück auf Lager`],
    () => ["nl", `Artikel met EAN-code ${ean()} is uitverkocht.`],
    () => ["fr", `Code-barres EAN-13 : ${ean()}`],
    () => ["pt", `Código de barras ${ean()} sem preço cadastrado.`],
  ],
  creditor_ref: [
    () => ["nl", `Betalingskenmerk: ${rfRef()}`],
    () => ["en", `Please quote reference ${rfRef()} with your payment.`],
    () => ["de", `Verwendungszweck: ${rfRef()} (bitte unbedingt angeben)`],
    () => ["fr", `Référence de paiement ${rfRef()}`],
    () => ["es", `Referencia del pago: ${rfRef()}`],
  ],
  postal_address: [
    () => ["de", `Lieferadresse: Hauptstraße ${int(1, 180)}, ${pad(int(1067, 99998), 5)} ${pick(["Berlin", "Köln", "Leipzig"])}`],
    () => ["nl", `Afleveradres: Dorpsstraat ${int(1, 200)}, ${int(1000, 9999)} ${up(2)} ${pick(["Utrecht", "Zwolle", "Delft"])}`],
    () => ["pt", `Rua ${pick(["das Flores", "Augusta", "XV de Novembro"])}, ${int(1, 999)} – CEP ${digits(5)}-${digits(3)}`],
    () => ["pl", `ul. ${pick(["Długa", "Lipowa", "Polna"])} ${int(1, 120)}/${int(1, 40)}, ${digits(2)}-${digits(3)} ${pick(["Poznań", "Lublin"])}`],
    () => ["en", `Ship to: Unit ${int(1, 40)}, ${int(1, 999)} Market Street, ${pick(["Denver, CO", "Austin, TX"])} ${digits(5)}`],
  ],
  version_build: [
    () => ["en", `Upgraded to v${int(1, 9)}.${int(0, 30)}.${int(0, 99)} (build ${digits(6)}), please restart.`],
    () => ["de", `Firmware ${int(1, 9)}.${int(0, 9)}.${digits(4)} behebt den Fehler.`],
    () => ["fr", `Version ${int(1, 20)}.${int(0, 12)} build ${digits(5)} installée.`],
    () => ["it", `Aggiornamento ${yr()}.${pad(mon(), 2)}.${digits(3)} disponibile.`],
    () => ["nl", `Release ${int(1, 5)}.${int(0, 40)}.${int(0, 9)}-rc${int(1, 4)} staat klaar.`],
  ],
  booking_ref: [
    () => ["en", `Booking reference ${up(6)}, seat ${int(1, 40)}${pick("ABCDEF")}.`],
    () => ["de", `Buchungscode ${up(3)}${digits(3)} – Zimmer bestätigt.`],
    () => ["es", `Localizador de la reserva: ${up(6)}`],
    () => ["pt", `Código da reserva ${alnum(8)}, ${int(1, 6)} hóspedes.`],
    () => ["it", `Codice prenotazione ${up(2)}${digits(6)}, tavolo per ${int(2, 8)} alle ${hhmm()}`],
  ],
  train_seat: [
    () => ["de", `ICE ${int(500, 1699)}, Wagen ${int(1, 14)}, Platz ${int(11, 98)}, Gleis ${int(1, 22)}`],
    () => ["fr", `TGV ${digits(4)} voiture ${int(1, 18)} place ${int(1, 99)}`],
    () => ["it", `Frecciarossa ${int(9500, 9699)}, carrozza ${int(1, 10)}, posto ${int(1, 80)}${pick("ABCD")}`],
    () => ["nl", `Trein naar Amsterdam vertrekt om ${hhmm()} van spoor ${int(1, 15)}${pick(["a", "b", ""])}.`],
    () => ["pl", `Pociąg IC ${digits(4)}, wagon ${int(1, 12)}, miejsce ${int(11, 88)}`],
  ],
  measurements: [
    () => ["en", `Box is ${int(20, 120)} x ${int(20, 80)} x ${int(5, 60)} cm, ${int(1, 30)}.${int(0, 9)} kg.`],
    () => ["de", `Wohnfläche ${int(35, 180)},${int(0, 9)} m², Baujahr ${int(1950, 2022)}`],
    () => ["fr", `Dimensions : ${int(100, 240)} × ${int(60, 120)} cm, poids ${int(5, 90)} kg`],
    () => ["es", `Mide ${int(1, 2)},${digits(2)} m y pesa ${int(40, 110)} kg.`],
    () => ["pt", `Terreno de ${int(200, 2000)} m² com ${int(8, 40)} m de frente.`],
  ],
  sports_score: [
    () => ["en", `Final score ${int(0, 5)}-${int(0, 5)}, attendance ${int(10, 80)},${digits(3)}.`],
    () => ["de", `Endstand ${int(0, 5)}:${int(0, 5)} nach ${int(90, 120)} Minuten, ${int(20, 81)}.${digits(3)} Zuschauer`],
    () => ["it", `Finisce ${int(0, 4)} a ${int(0, 4)}, ${int(20, 70)}.${digits(3)} spettatori allo stadio`],
    () => ["es", `Ganamos ${int(60, 110)}-${int(60, 110)} en la prórroga.`],
    () => ["pl", `Wynik meczu ${int(0, 4)}:${int(0, 4)}, bramka w ${int(1, 90)}. minucie.`],
  ],
  weather: [
    () => ["en", `High of ${int(40, 99)}°F, wind ${int(5, 30)} mph, humidity ${int(20, 99)}%.`],
    () => ["de", `Morgen ${int(-5, 34)} °C, Niederschlag ${int(0, 90)} %, Luftdruck ${int(990, 1035)} hPa`],
    () => ["fr", `Températures entre ${int(-3, 15)} et ${int(16, 38)} °C demain.`],
    () => ["nl", `Verwachting: ${int(0, 28)} graden, windkracht ${int(1, 9)}.`],
    () => ["pt", `Máxima de ${int(18, 40)}°C e mínima de ${int(5, 20)}°C em ${pick(["Porto Alegre", "Lisboa", "Recife"])}.`],
  ],
  gps_coordinates: [
    () => ["en", `Meet at ${int(30, 59)}.${digits(5)}, -${int(1, 120)}.${digits(5)} (trailhead parking).`],
    () => ["de", `Koordinaten: ${int(47, 54)}.${digits(6)} N, ${int(6, 14)}.${digits(6)} E`],
    () => ["es", `Ubicación: ${int(36, 43)}°${int(0, 59)}'${int(0, 59)}" N ${int(0, 9)}°${int(0, 59)}'${int(0, 59)}" O`],
    () => ["it", `Punto d'incontro ${int(37, 46)},${digits(4)} ${int(7, 18)},${digits(4)}`],
    () => ["pl", `Współrzędne: ${int(49, 54)}.${digits(5)}, ${int(14, 23)}.${digits(5)}`],
  ],
  statistics_percent: [
    () => ["en", `Conversion rose ${int(1, 40)}.${int(0, 9)}% to ${int(1000, 99999)} sign-ups in Q${int(1, 4)}.`],
    () => ["de", `Umsatz +${int(1, 25)},${int(0, 9)} % auf ${int(1, 900)},${int(0, 9)} Mio. Euro`],
    () => ["fr", `Le taux de chômage atteint ${int(5, 12)},${int(0, 9)} % au ${int(1, 4)}e trimestre.`],
    () => ["nl", `${int(10, 95)}% van de ${digits(4)} respondenten was tevreden.`],
    () => ["es", `La inflación interanual se sitúa en el ${int(1, 9)},${int(0, 9)} %.`],
  ],
  meter_reading: [
    () => ["de", `Zählerstand Strom: ${digits(6)},${int(0, 9)} kWh (Zähler-Nr. ${digits(8)})`],
    () => ["nl", `Meterstand gas ${digits(5)},${digits(3)} m³ doorgegeven.`],
    () => ["fr", `Relevé compteur : ${digits(5)} kWh au ${day()}/${mon()}`],
    () => ["en", `Meter read ${digits(6)} units, previous ${digits(6)}.`],
    () => ["pl", `Odczyt licznika wody: ${digits(4)},${digits(3)} m³`],
  ],
  product_sku: [
    () => ["en", `SKU ${up(3)}-${digits(5)}-${up(2)}: ${int(0, 500)} units in warehouse ${int(1, 9)}.`],
    () => ["de", `Art.-Nr. ${digits(6)}.${digits(3)} – nur noch ${int(1, 9)} verfügbar`],
    () => ["it", `Codice articolo ${up(2)}${digits(7)}, taglia ${int(36, 48)}`],
    () => ["pt", `Ref. ${digits(4)}/${digits(3)} – cor ${int(100, 999)}, tamanho ${int(34, 46)}`],
    () => ["es", `Ref. producto ${digits(8)} agotado hasta el ${day()}/${mon()}.`],
  ],
  timetable_bus: [
    () => ["en", `Bus ${int(1, 199)} leaves stop ${digits(5)} at ${hhmm()}, ${hhmm()} and ${hhmm()}.`],
    () => ["de", `Linie ${int(1, 99)} fährt ab ${hhmm()} alle ${pick([10, 15, 20, 30])} Minuten.`],
    () => ["fr", `Ligne ${int(1, 99)} : départs ${hhmm()}, ${hhmm()}, ${hhmm()}`],
    () => ["nl", `Bus ${int(1, 400)} richting centrum: ${hhmm()} – ${hhmm()}`],
    () => ["pl", `Autobus ${int(100, 599)} odjeżdża o ${hhmm()} z przystanku ${int(1, 30)}.`],
  ],
  legal_case_ref: [
    () => ["en", `Case No. ${int(1, 9)}:${pad(int(10, 25), 2)}-cv-${digits(5)} was dismissed.`],
    () => ["de", `Aktenzeichen ${int(1, 40)} ${pick(["O", "C", "U"])} ${int(10, 999)}/${pad(int(18, 25), 2)}`],
    () => ["fr", `Affaire RG n° ${pad(int(18, 25), 2)}/${digits(5)}`],
    () => ["it", `Sentenza n. ${digits(4)}/${yr()}, R.G. ${digits(5)}/${yr()}`],
    () => ["es", `Procedimiento ordinario ${digits(4)}/${yr()}`],
  ],
  page_refs: [
    () => ["en", `See pp. ${int(10, 200)}–${int(201, 400)}, fig. ${int(1, 12)}.${int(1, 9)} and table ${int(1, 20)}.`],
    () => ["de", `Vgl. § ${int(1, 400)} Abs. ${int(1, 5)} Satz ${int(1, 3)} BGB`],
    () => ["fr", `Voir article L${digits(4)}-${int(1, 30)} du Code du travail.`],
    () => ["it", `Art. ${int(1, 2000)} comma ${int(1, 9)} del codice civile`],
    () => ["pt", `Ver capítulo ${int(1, 30)}, páginas ${int(10, 99)} a ${int(100, 199)}.`],
  ],
  lottery_numbers: [
    () => ["de", `Lottozahlen: ${shuffle([...Array(49).keys()].map((x) => x + 1)).slice(0, 6).sort((a, b) => a - b).join(", ")}, Superzahl ${int(0, 9)}`],
    () => ["es", `Combinación ganadora: ${shuffle([...Array(49).keys()].map((x) => x + 1)).slice(0, 6).join(" - ")}`],
    () => ["it", `Estrazione: ${shuffle([...Array(90).keys()].map((x) => x + 1)).slice(0, 5).join(" ")}`],
    () => ["en", `Winning numbers ${shuffle([...Array(69).keys()].map((x) => x + 1)).slice(0, 5).join("-")}, Powerball ${int(1, 26)}`],
    () => ["pl", `Wyniki Lotto: ${shuffle([...Array(49).keys()].map((x) => x + 1)).slice(0, 6).join(", ")}`],
  ],
  commit_hash: [
    () => ["en", `Fixed in commit ${hex(7)}, see PR #${int(100, 9999)}.`],
    () => ["de", `Build ${digits(4)} (sha ${hex(12)}) ist fehlgeschlagen.`],
    () => ["nl", `Deploy ${hex(40)} staat live sinds ${hhmm()}.`],
    () => ["fr", `Le correctif ${hex(8)} est dans la ${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.`],
    () => ["pl", `Zmiana ${hex(10)} cofnięta w wersji ${int(1, 9)}.${int(0, 20)}.`],
  ],
  ticket_number: [
    () => ["en", `Ticket #${digits(6)} escalated to tier ${int(2, 3)}, SLA ${int(4, 72)}h.`],
    () => ["de", `Ihre Anfrage ${up(3)}-${digits(6)} ist in Bearbeitung.`],
    () => ["es", `Incidencia ${up(3)}${digits(7)} resuelta.`],
    () => ["it", `Ticket n. ${digits(8)} chiuso il ${day()}/${mon()}.`],
    () => ["pt", `Protocolo de atendimento ${yr()}${digits(10)}`],
  ],
};
const BENIGN_PER_FAMILY = 30;

// ---------------------------------------------------------------- tampering
function tamper(v) {
  const pos = [...v].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const how = pick(["digit", "digit", "drop", "swap"]);
  if (how === "swap") {
    const pairs = pos.filter((i) => pos.includes(i + 1) && v[i] !== v[i + 1]);
    if (pairs.length) { const i = pick(pairs); return v.slice(0, i) + v[i + 1] + v[i] + v.slice(i + 2); }
  }
  const i = pick(pos.slice(1));
  if (how === "drop") return v.slice(0, i) + v.slice(i + 1);
  let d; do d = String(int(0, 9)); while (d === v[i]);
  return v.slice(0, i) + d + v.slice(i + 1);
}

// ---------------------------------------------------------------- pools
function pool(n, make, row) {
  const cands = Array.from({ length: n }, make);
  const ok = reference(cands.map(row)).passes;
  return cands.filter((_, i) => ok[i] === true);
}
const phonePools = {};
for (const region of Object.keys(PLANS)) {
  phonePools[region] = pool(300, () => PLANS[region].make(), (g) => ({ kind: "phone", sub: "", value: `+${PLANS[region].cc}${g.join("")}`, region }));
}
const ibanPools = {};
for (const cc of Object.keys(BBAN)) ibanPools[cc] = pool(120, () => ibanOf(cc, BBAN[cc]()), (v) => ({ kind: "iban", sub: "", value: v }));
const idPools = {};
for (const sub of Object.keys(ID_MAKERS)) {
  idPools[sub] = pool(200, () => { const who = person(langOf(ID_LOCALE[sub])); return { who, v: ID_MAKERS[sub](who) }; }, (c) => ({ kind: "national_id", sub, value: c.v }));
}

// ---------------------------------------------------------------- records
const COUNTS = { email: 410, phone: 410, card: 410, iban: 410 };
const PER_ID = 45;
const recs = [];
function place(locale, kind, tLang, who, value, sub, form) {
  const t = pick(tplIndex[`${tLang}/${kind}`]);
  let text = templates[t].text;
  if (chance(0.06)) text = text.replace(/, /g, ",");
  if (chance(0.05)) text = text.replace(/: /g, " :  ");
  if (chance(0.05)) text = `${pick(["Re: ", "Fwd: ", "[#" + digits(5) + "] ", ">> "])}${text}`;
  text = text.replaceAll("{n}", who.full).replaceAll("{f}", who.first).replaceAll("{v}", value);
  recs.push({ locale, kind, sub, form, template: t, text, values: [value] });
}
function withTamper(forms) {
  const [form, v] = pick(Object.entries(forms));
  return chance(1 / 12) ? [`${form}:tampered`, tamper(v)] : [form, v];
}
for (const kind of ["email", "phone", "card", "iban"]) {
  for (let i = 0; i < COUNTS[kind]; i++) {
    const locale = pick(LOCALES), lang = langOf(locale), region = regionOf(locale), who = person(lang);
    if (kind === "email") { const [form, v] = emailOf(lang, who); place(locale, kind, lang, who, v, "", form); }
    if (kind === "phone") { const [form, v] = withTamper(phoneForms(region, pick(phonePools[region]))); place(locale, kind, lang, who, v, "", form); }
    if (kind === "card") { const [brand, body] = pick(CARD_BRANDS)(); const [form, v] = withTamper(cardForms(brand, withLuhn(body))); place(locale, kind, lang, who, v, brand, form); }
    if (kind === "iban") { const cc = pick(IBAN_FOR[region]); const [form, v] = withTamper(ibanForms(pick(ibanPools[cc]))); place(locale, kind, lang, who, v, cc, form); }
  }
}
for (const sub of Object.keys(ID_MAKERS)) {
  const locale = ID_LOCALE[sub], lang = langOf(locale);
  for (const c of shuffle(idPools[sub]).slice(0, PER_ID)) {
    const tLang = chance(0.75) ? lang : pick(LANGS.filter((l) => l !== lang));
    const [form, v] = withTamper(idForms(sub, c.v));
    place(locale, "national_id", tLang, c.who, v, sub, form);
  }
}

// ---------------------------------------------------------------- labels
const answer = reference(recs.map((r) => ({ kind: r.kind, sub: r.sub, value: r.values[0], region: regionOf(r.locale) })));
const pii = recs.map((r, i) => {
  const p = answer.passes[i];
  return { locale: r.locale, kind: r.kind, sub: r.sub, form: r.form, check: p === null ? "n/a" : p ? "valid" : "invalid", template: r.template, text: r.text, values: r.values };
});

const benign = [];
for (const [family, makers] of Object.entries(FAMILIES)) {
  for (let i = 0; i < BENIGN_PER_FAMILY; i++) {
    const [lang, text] = (i < makers.length ? makers[i] : pick(makers))();
    benign.push({ family, lang, text });
  }
}

const out = {
  source: PKG.name,
  source_version: PKG.version,
  source_licence: PKG.license,
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_sixteenth.mjs",
  seed: SEED,
  locales: LOCALES,
  templates,
  templates_naming_nothing: templates.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0),
  pii,
  benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n", "utf-8");
console.log(`wrote ${OUT}: ${pii.length} pii, ${benign.length} benign, ${templates.length} templates`);
