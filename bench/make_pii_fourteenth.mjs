// Fourteenth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `humannames` 1.0.5 (MIT, Alex Corvi): its ~200K-entry list of human
// first and last names (census and social-media sourced, English plus common non-English
// names) gives the people in the sentences and the local parts of e-mail addresses. It is a
// plain list with no randomness of its own, so every pick from it, and every other pick here,
// comes from the one seeded PRNG of npm `seedrandom` 3.0.5 (MIT). Seed: 14141414 (SEED below).
// The list is filtered to plain ASCII names of 3-11 letters and sorted before any pick, so the
// picks do not depend on the package's key order. A few hand-written given names per language
// are mixed in so that a Polish form does not only hold census-list names.
// What humannames lacks is built here from public algorithms: issuer prefix ranges + Luhn for
// cards; ISO 13616 mod-97 IBANs for 12 countries (with the national check digits of ES (CCC),
// BE (mod 97), FR (RIB key), IT (CIN, odd/even table) and PT (NIB)); the eight national
// identifiers' checksums (SSN area/group/serial rules, HMRC NINO prefixes, BSN 11-test, IdNr
// ISO 7064 mod 11,10 with its repeated-digit rule, NIR mod 97, DNI/NIE mod 23, codice fiscale
// built from the person's own name, birth date and a Belfiore code); phone numbers from the
// national numbering plans of 16 regions; Luhn / ISBN / EAN / mod-97 check digits for the
// benign IMEI, ICCID, SIRET, loyalty-card, ISBN, EAN and payment-reference numbers.
// About one value in twelve is tampered with on purpose (a changed digit, a dropped digit, an
// unissued prefix or suffix; its form ends in ":tampered"; a phone number so changed may still be
// a number of the plan, and is then labelled valid); every `check` label comes ONLY from bench/pii_reference_checks.py (python-stdnum,
// phonenumbers, Luhn), spawned with the Python named by $PII14_PYTHON (default
// /work/main/.venv/bin/python).
//
// Run:  npm install --prefix /tmp/g14 humannames@1.0.5 seedrandom@3.0.5
//       node bench/make_pii_fourteenth.mjs [out.json]   (default bench/data/pii_fourteenth.json)
//       ($PII14_NODE_DIR names the npm prefix holding that node_modules; default /tmp/g14)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests,
// its docs or the earlier corpora and their generators beyond the thirteenth's header), and the
// output file was committed before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODS = process.env.PII14_NODE_DIR || "/tmp/g14";
const require = createRequire(path.join(MODS, "package.json"));
const seedrandom = require("seedrandom");
const HUMAN = require("humannames");
const HN_VERSION = require("humannames/package.json").version;
const PYTHON = process.env.PII14_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || path.join(HERE, "data", "pii_fourteenth.json");
const SEED = 14141414;
const rng = seedrandom(String(SEED));

// ---------------------------------------------------------------- random helpers
const rnd = () => rng();
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const chance = (p) => rnd() < p;
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const pad = (n, w) => String(n).padStart(w, "0");
const shuffle = (xs) => {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const upperAZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letters = (n, from = upperAZ) => Array.from({ length: n }, () => pick(from)).join("");

// ---------------------------------------------------------------- names
const NAMES = Object.keys(HUMAN)
  .filter((n) => /^[A-Z][a-z]{2,10}$/.test(n))
  .sort();
const LOCAL_GIVEN = {
  en: ["Oliver", "Megan", "Declan", "Sinead", "Tyler", "Hannah", "Rhys", "Aoife"],
  de: ["Jürgen", "Sabine", "Lukas", "Anja", "Matthias", "Birgit", "Jonas", "Ute"],
  fr: ["Amélie", "Thibault", "Océane", "Gaëtan", "Solène", "Mathis", "Maëlle", "Rémi"],
  es: ["Álvaro", "Lucía", "Íñigo", "Nerea", "Guillermo", "Ximena", "Sergio", "Begoña"],
  it: ["Giorgio", "Chiara", "Matteo", "Federica", "Lorenzo", "Alessia", "Davide", "Ilaria"],
  nl: ["Joost", "Femke", "Sanne", "Bram", "Wouter", "Lotte", "Thijs", "Ilse"],
  pt: ["João", "Inês", "Gonçalo", "Beatriz", "Thiago", "Letícia", "Rui", "Conceição"],
  pl: ["Grzegorz", "Agnieszka", "Łukasz", "Małgorzata", "Wojciech", "Zofia", "Paweł", "Kasia"],
};
const LOCAL_FAMILY = {
  en: ["O'Brien", "Whitfield", "Murphy", "Hughes"],
  de: ["Schröder", "Krüger", "Hoffmann", "Weiß"],
  fr: ["Lefèvre", "Dubois", "Garnier", "Roussel"],
  es: ["Muñoz", "Fernández", "Iglesias", "Ortega"],
  it: ["Esposito", "Bianchi", "Ricci", "Colombo"],
  nl: ["de Vries", "van Dijk", "Jansen", "Bakker"],
  pt: ["Gonçalves", "Ferreira", "Sousa", "Carvalho"],
  pl: ["Wiśniewski", "Kowalczyk", "Zieliński", "Nowak"],
};
function person(lang) {
  const given = chance(0.35) ? pick(LOCAL_GIVEN[lang]) : pick(NAMES);
  const family = chance(0.2) ? pick(LOCAL_FAMILY[lang]) : pick(NAMES);
  return { given, family, full: `${given} ${family}` };
}
const ascii = (s) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/ß/g, "ss")
    .replace(/[^A-Za-z]/g, "");

// ---------------------------------------------------------------- locales
const LOCALES = ["en-US", "en-GB", "en-IE", "de", "de-AT", "de-CH", "fr", "fr-BE", "es", "es-MX",
  "it", "nl", "nl-BE", "pt-PT", "pt-BR", "pl"];
const HOME = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const regionOf = (loc) => (loc.includes("-") ? loc.split("-")[1] : HOME[loc]);
const langOf = (loc) => loc.slice(0, 2);
const LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"];

// ---------------------------------------------------------------- templates
// "~" at the start marks a template that does not name what its value is.
// {v} value, {n} a person's name, {l} the identifier's own name (national ids only).
const T = {
  en: {
    email: [
      "Email: {v}",
      "Hi, it's {n} - my new email address is {v}, the old one bounces.",
      "Please send the signed contract to {v} by Friday.",
      "Contact e-mail (required): {v}",
      "{n} <{v}> wrote on Tue 4 Mar:",
      "~ping {v} if the build breaks again",
      "~cc: {v}; accounts payable",
    ],
    phone: [
      "Tel: {v}",
      "Best number to reach me is {v} (mobile), evenings only.",
      "{n} | Senior Buyer | phone {v}",
      "caller left a voicemail, call back number {v}",
      "Mobile: {v}  Fax: none",
      "~you can text me on {v} when you're outside",
      "~{n}, {v}, wants a quote for the roof",
    ],
    card: [
      "Card number: {v}",
      "customer read out the card over the phone: {v}, exp 09/27",
      "Visa ending... actually here's the full number {v}",
      "Payment method: credit card {v}",
      "the card on file is {v} but it got declined",
      "~{n} paid with {v} at the front desk",
      "~charged {v} twice??",
    ],
    iban: [
      "IBAN: {v}",
      "Please transfer the deposit to IBAN {v} (account holder {n}).",
      "Bank details - {n}, IBAN {v}, BIC on request",
      "new bank account for refunds: {v}",
      "Refund to IBAN {v} please, ref. your letter of 12 May",
      "~pay into {v}, name on the account is {n}",
      "~{v} - that's mine, not my wife's",
    ],
    national_id: [
      "{l}: {v}",
      "My {l} is {v}, as on the form.",
      "applicant {n}, {l} {v}, date of birth on file",
      "For verification, {l} = {v}",
      "Could you double-check the {l} on my file? It should be {v}.",
      "~{n} ({v}) - see attached scan",
      "~ref {v}, same person as last year",
    ],
  },
  de: {
    email: [
      "E-Mail: {v}",
      "Meine neue Mailadresse lautet {v}, bitte im Verteiler ändern.",
      "Rückfragen gerne an {v} oder telefonisch.",
      "Mit freundlichen Grüßen\n{n}\nE-Mail {v}",
      "Am 3. März schrieb {n} <{v}>:",
      "~schick es einfach an {v}, danke!",
      "~Ansprechpartnerin: {n} ({v})",
    ],
    phone: [
      "Tel.: {v}",
      "Sie erreichen mich unter {v}, am besten vormittags.",
      "Rückrufnummer laut Ticket: {v}",
      "{n}, Handy {v}, hat wegen der Lieferung angerufen",
      "Telefon (tagsüber): {v}",
      "~Bitte bei {n} unter {v} melden.",
      "~{v} - Herr Krüger, wegen Termin",
    ],
    card: [
      "Kreditkartennummer: {v}",
      "Ich habe mit der Karte {v} bezahlt, die Abbuchung fehlt aber.",
      "Zahlungsart: Kreditkarte, Nummer {v}",
      "Kartennr. {v} gültig bis 11/26",
      "die Kreditkarte {v} wurde zweimal belastet",
      "~{n} hat {v} hinterlegt",
      "~bitte {v} stornieren",
    ],
    iban: [
      "IBAN: {v}",
      "Bitte überweisen Sie den Betrag auf folgendes Konto: IBAN {v}, Inhaber {n}.",
      "Bankverbindung: {v} (Sparkasse)",
      "Meine IBAN hat sich geändert, neu: {v}",
      "Erstattung bitte auf IBAN {v}",
      "~Kontoinhaber {n}, {v}",
      "~Lastschrift von {v} ab 1. des Monats",
    ],
    national_id: [
      "{l}: {v}",
      "Meine {l} lautet {v}.",
      "Antragsteller {n}, {l} {v}",
      "Bitte die {l} ({v}) im Formular ergänzen.",
      "Laut Unterlagen ist die {l} von {n}: {v}",
      "~{n} - {v} - siehe Anlage",
      "~Nummer aus dem Bescheid: {v}",
    ],
  },
  fr: {
    email: [
      "Courriel : {v}",
      "Bonjour, mon adresse e-mail a changé : {v}",
      "Merci d'envoyer la facture à {v}.",
      "Le {n} <{v}> a écrit :",
      "Adresse mail du contact : {v}",
      "~écris-moi sur {v} stp",
      "~{n} — {v} — service compta",
    ],
    phone: [
      "Tél. : {v}",
      "Vous pouvez me joindre au {v} en journée.",
      "Portable : {v}",
      "{n} a appelé, rappeler au {v} avant 18h",
      "Numéro de téléphone indiqué : {v}",
      "~dispo au {v} tout le week-end",
      "~{n} / {v} / devis cuisine",
    ],
    card: [
      "Numéro de carte : {v}",
      "J'ai payé avec la carte {v}, le débit apparaît deux fois.",
      "Carte bancaire n° {v}, expire 03/28",
      "Moyen de paiement : CB {v}",
      "la carte {v} a été refusée au terminal",
      "~{n} a réglé avec {v}",
      "~rembourser sur {v} svp",
    ],
    iban: [
      "IBAN : {v}",
      "Merci de faire le virement sur l'IBAN {v} au nom de {n}.",
      "Coordonnées bancaires (RIB) : {v}",
      "Nouvel IBAN pour les remboursements : {v}",
      "Prélèvement sur le compte IBAN {v}",
      "~titulaire {n}, {v}",
      "~{v} — compte joint",
    ],
    national_id: [
      "{l} : {v}",
      "Mon {l} est le {v}.",
      "Assuré(e) {n}, {l} {v}",
      "Veuillez vérifier le {l} : {v}",
      "Le {l} de {n} figure ici : {v}",
      "~{n} ({v}) — pièce jointe",
      "~réf. dossier {v}",
    ],
  },
  es: {
    email: [
      "Correo electrónico: {v}",
      "Hola, mi nuevo correo es {v}, el anterior ya no lo uso.",
      "Envíen la factura a {v}, por favor.",
      "El mar, 4 mar, {n} <{v}> escribió:",
      "Email de contacto: {v}",
      "~escríbeme a {v} y lo vemos",
      "~{n} · {v} · administración",
    ],
    phone: [
      "Tel.: {v}",
      "Me puede localizar en el {v} por las mañanas.",
      "Móvil: {v}",
      "Llamó {n}, devolver la llamada al {v}",
      "Teléfono de contacto: {v}",
      "~mándame un whatsapp al {v}",
      "~{n} {v} presupuesto baño",
    ],
    card: [
      "Número de tarjeta: {v}",
      "Pagué con la tarjeta {v} y me cobraron dos veces.",
      "Tarjeta de crédito {v}, caduca 10/27",
      "Forma de pago: tarjeta {v}",
      "la tarjeta {v} fue rechazada",
      "~{n} pagó con {v}",
      "~devolver a {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Realice la transferencia al IBAN {v}, titular {n}.",
      "Datos bancarios: {v}",
      "Mi nueva cuenta (IBAN) es {v}",
      "Domiciliación en la cuenta IBAN {v}",
      "~titular {n}, {v}",
      "~{v} es la cuenta de la comunidad",
    ],
    national_id: [
      "{l}: {v}",
      "Mi {l} es {v}.",
      "Solicitante {n}, {l} {v}",
      "Compruebe el {l}: {v}",
      "El {l} de {n} es el {v}, según la fotocopia.",
      "~{n} ({v}) adjunto",
      "~ref. expediente {v}",
    ],
  },
  it: {
    email: [
      "Email: {v}",
      "Ciao, il mio nuovo indirizzo email è {v}",
      "Inviate la fattura a {v}, grazie.",
      "Il giorno mar 4 mar {n} <{v}> ha scritto:",
      "Indirizzo di posta elettronica: {v}",
      "~scrivimi su {v} appena puoi",
      "~{n} - {v} - ufficio acquisti",
    ],
    phone: [
      "Tel. {v}",
      "Mi potete contattare al {v} dalle 9 alle 13.",
      "Cellulare: {v}",
      "Ha chiamato {n}, richiamare al {v}",
      "Numero di telefono: {v}",
      "~scrivimi su whatsapp al {v}",
      "~{n} {v} preventivo infissi",
    ],
    card: [
      "Numero carta: {v}",
      "Ho pagato con la carta {v} ma l'addebito è doppio.",
      "Carta di credito {v}, scadenza 07/28",
      "Metodo di pagamento: carta {v}",
      "la carta {v} è stata rifiutata",
      "~{n} ha pagato con {v}",
      "~stornare su {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Effettuare il bonifico sull'IBAN {v} intestato a {n}.",
      "Coordinate bancarie: {v}",
      "Il mio nuovo IBAN è {v}",
      "Addebito diretto sul conto IBAN {v}",
      "~intestatario {n}, {v}",
      "~{v} conto cointestato",
    ],
    national_id: [
      "{l}: {v}",
      "Il mio {l} è {v}.",
      "Richiedente {n}, {l} {v}",
      "Verificare il {l}: {v}",
      "Il {l} di {n} risulta {v}",
      "~{n} ({v}) in allegato",
      "~rif. pratica {v}",
    ],
  },
  nl: {
    email: [
      "E-mail: {v}",
      "Hoi, mijn nieuwe mailadres is {v}",
      "Stuur de factuur graag naar {v}.",
      "Op di 4 mrt schreef {n} <{v}>:",
      "E-mailadres contactpersoon: {v}",
      "~mail maar naar {v}",
      "~{n} | {v} | inkoop",
    ],
    phone: [
      "Tel: {v}",
      "Ik ben bereikbaar op {v}, liefst na 17.00 uur.",
      "Mobiel: {v}",
      "{n} belde, terugbellen op {v}",
      "Telefoonnummer: {v}",
      "~app me even op {v}",
      "~{n} {v} offerte dakkapel",
    ],
    card: [
      "Creditcardnummer: {v}",
      "Ik heb betaald met creditcard {v} maar het is twee keer afgeschreven.",
      "Kaartnummer {v}, geldig t/m 05/27",
      "Betaalmethode: creditcard {v}",
      "de kaart {v} werd geweigerd",
      "~{n} heeft met {v} betaald",
      "~terugboeken op {v} aub",
    ],
    iban: [
      "IBAN: {v}",
      "Graag het bedrag overmaken naar {v} t.n.v. {n}.",
      "Rekeningnummer (IBAN): {v}",
      "Mijn nieuwe IBAN is {v}",
      "Automatische incasso van rekening {v}",
      "~t.n.v. {n}, {v}",
      "~{v} is de en/of-rekening",
    ],
    national_id: [
      "{l}: {v}",
      "Mijn {l} is {v}.",
      "Aanvrager {n}, {l} {v}",
      "Controleer het {l}: {v}",
      "Het {l} van {n} is {v}",
      "~{n} ({v}) zie bijlage",
      "~kenmerk {v}",
    ],
  },
  pt: {
    email: [
      "E-mail: {v}",
      "Olá, o meu novo email é {v}",
      "Enviem a fatura para {v}, por favor.",
      "Em ter., 4 de mar., {n} <{v}> escreveu:",
      "Endereço de e-mail: {v}",
      "~manda pra {v} que eu vejo",
      "~{n} - {v} - financeiro",
    ],
    phone: [
      "Tel.: {v}",
      "Pode contactar-me pelo {v} durante o dia.",
      "Celular/Telemóvel: {v}",
      "{n} ligou, retornar para {v}",
      "Telefone de contato: {v}",
      "~me chama no zap {v}",
      "~{n} {v} orçamento cozinha",
    ],
    card: [
      "Número do cartão: {v}",
      "Paguei com o cartão {v} e cobraram duas vezes.",
      "Cartão de crédito {v}, validade 08/27",
      "Forma de pagamento: cartão {v}",
      "o cartão {v} foi recusado",
      "~{n} pagou com {v}",
      "~estornar no {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Faça a transferência para o IBAN {v}, titular {n}.",
      "Dados bancários: {v}",
      "O meu novo IBAN é {v}",
      "Débito direto na conta IBAN {v}",
      "~titular {n}, {v}",
      "~{v} conta conjunta",
    ],
    national_id: [
      "{l}: {v}",
      "O meu {l} é {v}.",
      "Requerente {n}, {l} {v}",
      "Confirme o {l}: {v}",
      "O {l} de {n} é {v}",
      "~{n} ({v}) em anexo",
      "~ref. processo {v}",
    ],
  },
  pl: {
    email: [
      "E-mail: {v}",
      "Dzień dobry, mój nowy adres e-mail to {v}",
      "Proszę wysłać fakturę na {v}.",
      "W dniu wt., 4 mar {n} <{v}> napisał(a):",
      "Adres e-mail do kontaktu: {v}",
      "~pisz na {v}",
      "~{n} / {v} / księgowość",
    ],
    phone: [
      "Tel.: {v}",
      "Proszę dzwonić pod numer {v} po 16.",
      "Komórka: {v}",
      "Dzwonił(a) {n}, oddzwonić na {v}",
      "Numer telefonu: {v}",
      "~napisz sms na {v}",
      "~{n} {v} wycena okien",
    ],
    card: [
      "Numer karty: {v}",
      "Zapłaciłem kartą {v} i pobrano dwa razy.",
      "Karta kredytowa {v}, ważna do 12/27",
      "Metoda płatności: karta {v}",
      "karta {v} została odrzucona",
      "~{n} zapłacił(a) {v}",
      "~zwrot na {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Proszę o przelew na rachunek {v}, odbiorca {n}.",
      "Numer konta (IBAN): {v}",
      "Mój nowy numer IBAN to {v}",
      "Polecenie zapłaty z rachunku IBAN {v}",
      "~odbiorca {n}, {v}",
      "~{v} konto wspólne",
    ],
    national_id: [
      "{l}: {v}",
      "Mój {l} to {v}.",
      "Wnioskodawca {n}, {l} {v}",
      "Proszę sprawdzić {l}: {v}",
      "{l} osoby {n}: {v}",
      "~{n} ({v}) w załączniku",
      "~sygn. sprawy {v}",
    ],
  },
};

const TEMPLATES = [];
const TEMPLATE_IDS = {};
for (const lang of LANGS) {
  for (const kind of ["email", "phone", "card", "iban", "national_id"]) {
    for (const raw of T[lang][kind]) {
      const quiet = raw.startsWith("~");
      const text = quiet ? raw.slice(1).trimStart() : raw;
      (TEMPLATE_IDS[`${lang}/${kind}`] ??= []).push(TEMPLATES.length);
      TEMPLATES.push({ lang, kind, names_value: !quiet, text });
    }
  }
}

// The identifier's own name, as people write it in each language's forms.
const ID_LABEL = {
  us_ssn: { en: "SSN", de: "US-Sozialversicherungsnummer (SSN)", fr: "numéro SSN", es: "SSN", it: "SSN", nl: "SSN-nummer", pt: "SSN", pl: "numer SSN" },
  uk_nino: { en: "National Insurance number", de: "NI-Nummer", fr: "numéro NINO", es: "número NINO", it: "National Insurance number", nl: "NI-nummer", pt: "número NINO", pl: "numer NINO" },
  nl_bsn: { en: "BSN", de: "BSN", fr: "BSN", es: "BSN", it: "BSN", nl: "burgerservicenummer", pt: "BSN", pl: "numer BSN" },
  de_idnr: { en: "German tax ID", de: "Steuer-ID", fr: "Steuer-ID", es: "Steuer-ID", it: "codice fiscale tedesco (Steuer-ID)", nl: "Duitse Steuer-ID", pt: "Steuer-ID", pl: "Steuer-ID" },
  fr_nir: { en: "French social security number", de: "französische Sozialversicherungsnummer", fr: "numéro de sécu", es: "NIR", it: "NIR", nl: "NIR", pt: "NIR", pl: "numer NIR" },
  es_dni: { en: "DNI", de: "DNI", fr: "DNI", es: "DNI", it: "DNI", nl: "DNI", pt: "DNI", pl: "DNI" },
  es_nie: { en: "NIE", de: "NIE", fr: "NIE", es: "NIE", it: "NIE", nl: "NIE", pt: "NIE", pl: "NIE" },
  it_cf: { en: "codice fiscale", de: "Codice Fiscale", fr: "codice fiscale", es: "código fiscal", it: "codice fiscale", nl: "codice fiscale", pt: "código fiscal", pl: "codice fiscale" },
};

// ---------------------------------------------------------------- check digits
function luhnCheck(body) {
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
const withLuhn = (body) => body + luhnCheck(body);
function mod97(numStr) {
  let r = 0;
  for (const ch of numStr) r = (r * 10 + Number(ch)) % 97;
  return r;
}
const alnumToDigits = (s) =>
  [...s].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join("");
function ibanOf(cc, bban) {
  const check = 98 - mod97(alnumToDigits(bban + cc + "00"));
  return cc + pad(check, 2) + bban;
}
// Codice fiscale / CIN odd-position values for 0-9 then A-Z.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
  11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cfVal = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
const cfOdd = (c) => (/[0-9]/.test(c) ? CF_ODD[Number(c)] : CF_ODD[10 + c.charCodeAt(0) - 65]);
function oddEvenLetter(s) {
  let sum = 0;
  [...s].forEach((c, i) => (sum += i % 2 === 0 ? cfOdd(c) : cfVal(c)));
  return upperAZ[sum % 26];
}

// ---------------------------------------------------------------- breaking values
function breakDigit(v) {
  const idx = [...v].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const i = pick(idx.slice(Math.floor(idx.length / 2)));
  const d = (Number(v[i]) + int(1, 9)) % 10;
  return v.slice(0, i) + d + v.slice(i + 1);
}
function dropDigit(v) {
  const idx = [...v].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const i = pick(idx.slice(2));
  return v.slice(0, i) + v.slice(i + 1);
}

// ---------------------------------------------------------------- phones
// Each region: country code, trunk prefix, and national-number group builders.
const PHONE = {
  US: { cc: "1", trunk: "", gen: () => [pick(["212", "415", "312", "617", "713", "206", "305", "404", "303", "512", "646", "718", "202", "503", "602"]), String(int(2, 9)) + digits(2).replace(/^11$/, "21"), digits(4)] },
  GB: { cc: "44", trunk: "0", gen: () => pick([
    () => ["7" + String(int(4, 9)) + digits(2), digits(6)],
    () => ["20", pick(["7", "8", "3"]) + digits(3), digits(4)],
    () => [pick(["161", "121", "131", "117", "113", "141"]), pick(["2", "3", "4"]) + digits(2), digits(4)],
  ])() },
  IE: { cc: "353", trunk: "0", gen: () => pick([
    () => ["8" + pick(["3", "5", "6", "7", "9"]), String(int(1, 9)) + digits(2), digits(4)],
    () => ["1", String(int(2, 9)) + digits(2), digits(4)],
  ])() },
  DE: { cc: "49", trunk: "0", gen: () => pick([
    () => ["15" + pick(["1", "2", "7", "9"]), String(int(1, 9)) + digits(7)],
    () => ["17" + String(int(0, 9)), String(int(1, 9)) + digits(6)],
    () => ["16" + pick(["0", "2", "3"]), String(int(1, 9)) + digits(6)],
    () => ["30", String(int(2, 9)) + digits(7)],
    () => ["89", String(int(2, 9)) + digits(6)],
    () => [pick(["221", "211", "711", "69", "40"]), String(int(2, 9)) + digits(6)],
  ])() },
  AT: { cc: "43", trunk: "0", gen: () => pick([
    () => [pick(["664", "676", "699", "650", "660"]), String(int(1, 9)) + digits(6)],
    () => ["1", String(int(2, 9)) + digits(6)],
    () => [pick(["316", "512", "662"]), String(int(2, 9)) + digits(5)],
  ])() },
  CH: { cc: "41", trunk: "0", gen: () => pick([
    () => [pick(["79", "78", "76", "77"]), String(int(2, 9)) + digits(2), digits(2), digits(2)],
    () => [pick(["44", "22", "31", "61", "21"]), String(int(2, 9)) + digits(2), digits(2), digits(2)],
  ])() },
  FR: { cc: "33", trunk: "0", gen: () => pick([
    () => ["6", digits(2), digits(2), digits(2), digits(2)],
    () => ["7", String(int(3, 8)) + digits(1), digits(2), digits(2), digits(2)],
    () => [String(int(1, 5)), String(int(1, 9)) + digits(1), digits(2), digits(2), digits(2)],
  ])() },
  BE: { cc: "32", trunk: "0", gen: () => pick([
    () => ["4" + String(int(7, 9)) + String(int(0, 9)), digits(2), digits(2), digits(2)],
    () => ["2", String(int(2, 8)) + digits(2), digits(2), digits(2)],
    () => ["9", String(int(2, 3)) + digits(2), digits(2), digits(2)],
  ])() },
  ES: { cc: "34", trunk: "", gen: () => pick([
    () => ["6" + digits(2), digits(3), digits(3)],
    () => ["9" + pick(["1", "3", "5", "6"]) + digits(1), digits(3), digits(3)],
  ])() },
  MX: { cc: "52", trunk: "", gen: () => [pick(["55", "33", "81"]), String(int(1, 9)) + digits(3), digits(4)] },
  IT: { cc: "39", trunk: "", gen: () => pick([
    () => ["3" + pick(["20", "28", "33", "35", "38", "40", "45", "47", "48", "49", "66", "88", "93"]), digits(7)],
    () => ["06", String(int(2, 9)) + digits(7)],
    () => ["02", String(int(2, 9)) + digits(7)],
    () => [pick(["011", "081", "051", "055"]), String(int(2, 9)) + digits(6)],
  ])() },
  NL: { cc: "31", trunk: "0", gen: () => pick([
    () => ["6", String(int(1, 5)) + digits(7)],
    () => [pick(["20", "10", "30", "70"]), String(int(2, 9)) + digits(2), digits(4)],
  ])() },
  PT: { cc: "351", trunk: "", gen: () => pick([
    () => ["9" + pick(["1", "2", "3", "6"]) + digits(1), digits(3), digits(3)],
    () => [pick(["21", "22"]) + String(int(1, 9)), digits(3), digits(3)],
  ])() },
  BR: { cc: "55", trunk: "", gen: () => pick([
    () => [pick(["11", "21", "31", "41", "51", "61", "71", "81", "85"]), "9" + String(int(6, 9)) + digits(3), digits(4)],
    () => [pick(["11", "21", "31", "41"]), String(int(2, 5)) + digits(3), digits(4)],
  ])() },
  PL: { cc: "48", trunk: "", gen: () => pick([
    () => [pick(["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"]) + digits(1), digits(3), digits(3)],
    () => [pick(["22", "12", "61", "71", "58"]), String(int(2, 9)) + digits(2), digits(2), digits(2)],
  ])() },
};
function phoneValue(region, lang) {
  const p = PHONE[region];
  const g = p.gen();
  const nat = p.trunk + g[0];
  const rest = g.slice(1);
  // Americans dial out with 011 and Brazilians with a carrier code, so neither writes 00.
  const forms = ["national_spaced", "national_compact", "intl_plus", "national_dashed"];
  if (region !== "US" && region !== "BR") forms.push("intl_00");
  if (region === "US" || region === "BR" || region === "MX") forms.push("brackets", "brackets");
  if (region === "US" || region === "FR" || region === "BE" || region === "CH") forms.push("dotted");
  if (p.trunk === "0") forms.push("intl_trunk_paren");
  if (lang === "en" || lang === "de") forms.push("ext");
  const form = pick(forms);
  let v;
  switch (form) {
    case "national_spaced": v = [nat, ...rest].join(" "); break;
    case "national_compact": v = [nat, ...rest].join(""); break;
    case "national_dashed": v = region === "DE" || region === "AT" ? `${nat}-${rest.join("")}` : [nat, ...rest].join("-"); break;
    case "dotted": v = [nat, ...rest].join("."); break;
    case "intl_plus": v = `+${p.cc} ${[g[0], ...rest].join(chance(0.7) ? " " : "")}`; break;
    case "intl_00": v = `00${p.cc} ${[g[0], ...rest].join(" ")}`; break;
    case "intl_trunk_paren": v = `+${p.cc} (0)${g[0]} ${rest.join(" ")}`; break;
    case "brackets":
      v = region === "US" ? `(${g[0]}) ${g[1]}-${g[2]}` : `(${g[0]}) ${rest.join("-")}`;
      break;
    case "ext": {
      const base = region === "US" ? `${g[0]}-${g[1]}-${g[2]}` : [nat, ...rest].join(" ");
      v = base + pick([" ext. ", " x", " ext ", " Durchwahl "].filter((e) => lang === "de" || !e.includes("Durch"))) + digits(int(2, 4));
      break;
    }
  }
  if (region === "US" && form === "national_dashed" && chance(0.3)) v = "1-" + v;
  return { v, form };
}

// ---------------------------------------------------------------- cards
const CARD_BRANDS = [
  ["visa", () => "4" + digits(14), 16],
  ["visa", () => "4" + digits(14), 16],
  ["mastercard", () => String(int(51, 55)) + digits(13), 16],
  ["mastercard", () => String(int(2221, 2720)) + digits(11), 16],
  ["amex", () => pick(["34", "37"]) + digits(12), 15],
  ["discover", () => "6011" + digits(11), 16],
  ["jcb", () => String(int(3528, 3589)) + digits(11), 16],
  ["diners", () => "36" + digits(11), 14],
  ["maestro", () => pick(["6759", "6761", "5018"]) + digits(11), 16],
];
function cardValue() {
  const [brand, gen, len] = pick(CARD_BRANDS);
  const num = withLuhn(gen());
  let form;
  let v;
  if (len === 15 && chance(0.8)) {
    form = "amex_4_6_5";
    v = `${num.slice(0, 4)} ${num.slice(4, 10)} ${num.slice(10)}`;
  } else if (len === 14 && chance(0.7)) {
    form = "diners_4_6_4";
    v = `${num.slice(0, 4)} ${num.slice(4, 10)} ${num.slice(10)}`;
  } else {
    form = pick(["groups_space", "groups_space", "groups_dash", "compact", "groups_double_space"]);
    const groups = num.match(/.{1,4}/g);
    v = form === "compact" ? num : groups.join({ groups_space: " ", groups_dash: "-", groups_double_space: "  " }[form]);
  }
  return { v, form: `${brand}:${form}` };
}

// ---------------------------------------------------------------- IBANs
function bban(cc) {
  switch (cc) {
    case "DE": return pick(["10070000", "37040044", "50010517", "20050550", "76026000", "43060967"]) + digits(10);
    case "AT": return pick(["20111", "12000", "32000", "14000"]) + digits(11);
    case "CH": return pick(["00762", "00230", "80808"]) + digits(12);
    case "GB": return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8);
    case "IE": return pick(["AIBK", "BOFI"]) + digits(6) + digits(8);
    case "NL": return pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ"]) + String(int(1, 9)) + digits(9);
    case "BE": {
      const ten = pick(["001", "068", "310", "363", "735"]) + digits(7);
      const c = Number(ten) % 97 || 97;
      return ten + pad(c, 2);
    }
    case "FR": {
      const bank = pick(["30004", "30003", "20041", "10278", "30002"]);
      const branch = digits(5);
      const account = digits(11);
      const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * (Number(account) % 97)) % 97);
      return bank + branch + account + pad(key, 2);
    }
    case "ES": {
      const bank = pick(["2100", "0049", "0182", "0081", "2085"]);
      const office = digits(4);
      const account = digits(10);
      const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
      const dc = (s) => {
        const r = 11 - ([...s].reduce((a, c, i) => a + Number(c) * w[i], 0) % 11);
        return r === 11 ? 0 : r === 10 ? 1 : r;
      };
      return bank + office + String(dc("00" + bank + office)) + String(dc(account)) + account;
    }
    case "IT": {
      const rest = pick(["03069", "02008", "05034", "01030"]) + digits(5) + pad(digits(12), 12);
      return oddEvenLetter(rest) + rest;
    }
    case "PT": {
      const body = pick(["0035", "0033", "0007", "0010"]) + digits(4) + digits(11);
      const c = 98 - mod97(body + "00");
      return body + pad(c, 2);
    }
    case "PL": return pick(["1090", "1020", "1140", "1050"]) + digits(4) + digits(16);
  }
  throw new Error(`no BBAN rule for ${cc}`);
}
const IBAN_CC = { GB: "GB", IE: "IE", DE: "DE", AT: "AT", CH: "CH", FR: "FR", BE: "BE", ES: "ES", IT: "IT", NL: "NL", PT: "PT", PL: "PL" };
function ibanValue(cc) {
  const iban = ibanOf(cc, bban(cc));
  const form = pick(["print_groups", "print_groups", "print_groups", "compact", "lower_groups", "dashed_groups"]);
  const groups = iban.match(/.{1,4}/g);
  const v = {
    print_groups: groups.join(" "),
    compact: iban,
    lower_groups: groups.join(" ").toLowerCase(),
    dashed_groups: groups.join("-"),
  }[form];
  return { v, form };
}

// ---------------------------------------------------------------- national ids
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
function idValue(sub, who) {
  switch (sub) {
    case "us_ssn": {
      let area = int(1, 899);
      if (area === 666) area = 665;
      const a = pad(area, 3), g = pad(int(1, 99), 2), s = pad(int(1, 9999), 4);
      const form = pick(["dashed", "dashed", "spaced", "compact"]);
      return { v: form === "dashed" ? `${a}-${g}-${s}` : form === "spaced" ? `${a} ${g} ${s}` : a + g + s, form };
    }
    case "uk_nino": {
      let pre;
      do pre = pick([..."ABCEGHJKLMNOPRSTWXYZ"]) + pick([..."ABCEGHJKLMNPRSTWXYZ"]);
      while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
      const d = digits(6), suf = pick([..."ABCD"]);
      const form = pick(["spaced", "spaced", "compact", "lower_compact"]);
      const v = form === "spaced" ? `${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}` : `${pre}${d}${suf}`;
      return { v: form === "lower_compact" ? v.toLowerCase() : v, form };
    }
    case "nl_bsn": {
      let n;
      do {
        const d = [String(int(1, 6)), ...digits(7)];
        const s = d.reduce((a, c, i) => a + Number(c) * (9 - i), 0) % 11;
        n = s === 10 ? null : d.join("") + String(s);
      } while (!n);
      const form = pick(["compact", "compact", "dotted"]);
      return { v: form === "dotted" ? `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}` : n, form };
    }
    case "de_idnr": {
      let ten;
      do {
        const all = shuffle([..."0123456789"]);
        const rep = all[0];
        const times = chance(0.6) ? 2 : 3;
        const others = all.slice(1, 1 + 10 - times);
        const arr = shuffle([...others, ...Array(times).fill(rep)]);
        ten = arr.join("");
      } while (ten[0] === "0" || /(.)\1\1/.test(ten));
      let product = 10;
      for (const c of ten) {
        let s = (Number(c) + product) % 10;
        if (s === 0) s = 10;
        product = (s * 2) % 11;
      }
      const check = (11 - product) % 10;
      const n = ten + String(check);
      const form = pick(["compact", "compact", "spaced"]);
      return { v: form === "spaced" ? `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}` : n, form };
    }
    case "fr_nir": {
      let dept;
      do dept = int(1, 95); while (dept === 20);
      const body = String(int(1, 2)) + pad(int(40, 99) % 100, 2) + pad(int(1, 12), 2) + pad(dept, 2) + pad(int(1, 990), 3) + pad(int(1, 999), 3);
      const key = pad(97 - (Number(BigInt(body) % 97n)), 2);
      const n = body + key;
      const form = pick(["spaced", "spaced", "compact"]);
      const v = form === "spaced" ? `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}` : n;
      return { v, form };
    }
    case "es_dni": {
      const num = int(1000000, 99999999);
      const n = pad(num, 8) + DNI_LETTERS[num % 23];
      const form = pick(["compact", "dashed", "dotted", "lower"]);
      const v = { compact: n, dashed: `${n.slice(0, 8)}-${n[8]}`, dotted: `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}-${n[8]}`, lower: n.slice(0, 8) + n[8].toLowerCase() }[form];
      return { v, form };
    }
    case "es_nie": {
      const p = pick(["X", "Y", "Z"]);
      const seven = digits(7);
      const n = p + seven + DNI_LETTERS[Number("XYZ".indexOf(p) + seven) % 23];
      const form = pick(["compact", "dashed", "dashed"]);
      return { v: form === "dashed" ? `${n[0]}-${n.slice(1, 8)}-${n[8]}` : n, form };
    }
    case "it_cf": {
      const cons = (s) => ascii(s).toUpperCase().replace(/[AEIOU]/g, "");
      const vows = (s) => ascii(s).toUpperCase().replace(/[^AEIOU]/g, "");
      const sur = (cons(who.family) + vows(who.family) + "XXX").slice(0, 3);
      const gc = cons(who.given);
      const giv = gc.length >= 4 ? gc[0] + gc[2] + gc[3] : (gc + vows(who.given) + "XXX").slice(0, 3);
      const year = pad(int(45, 99) % 100, 2);
      const month = "ABCDEHLMPRST"[int(0, 11)];
      const female = chance(0.5);
      const day = pad(int(1, 28) + (female ? 40 : 0), 2);
      const place = pick(["H501", "F205", "F839", "L219", "G273", "D612", "A944", "L736", "C351", "Z404"]);
      const body = sur + giv + year + month + day + place;
      const n = body + oddEvenLetter(body);
      const form = pick(["compact", "compact", "lower", "spaced"]);
      const v = { compact: n, lower: n.toLowerCase(), spaced: `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 11)} ${n.slice(11)}` }[form];
      return { v, form };
    }
  }
  throw new Error(`unknown id ${sub}`);
}
function breakId(sub, v) {
  if (sub === "uk_nino") {
    return chance(0.5) ? v.replace(/[A-Da-d]$/, (c) => (c === c.toLowerCase() ? "e" : "E")) : v.replace(/^./, (c) => (c === c.toLowerCase() ? "d" : "D"));
  }
  if (sub === "us_ssn") return chance(0.5) ? v.replace(/^\d{3}/, pick(["666", "900", "000"])) : breakDigit(v).replace(/^(\d{3}[- ]?)\d\d/, "$100");
  return chance(0.7) ? breakDigit(v) : dropDigit(v);
}

// ---------------------------------------------------------------- e-mails
const DOMAINS = {
  en: ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com", "eircom.net", "comcast.net", "protonmail.com"],
  de: ["gmx.de", "web.de", "t-online.de", "posteo.de", "gmx.at", "bluewin.ch", "mailbox.org"],
  fr: ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "skynet.be", "gmail.com"],
  es: ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net", "prodigy.net.mx", "outlook.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "gmail.com", "pec.it"],
  nl: ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "hotmail.nl", "telenet.be", "gmail.com"],
  pt: ["sapo.pt", "gmail.com", "uol.com.br", "bol.com.br", "hotmail.com", "terra.com.br"],
  pl: ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "gmail.com", "op.pl"],
};
const COMPANY_TLD = { en: ["co.uk", "com", "ie", "io"], de: ["de", "at", "ch"], fr: ["fr", "be"], es: ["es", "com.mx"], it: ["it"], nl: ["nl", "be"], pt: ["pt", "com.br"], pl: ["pl", "com.pl"] };
function emailValue(who, lang) {
  const g = ascii(who.given).toLowerCase() || "info";
  const f = ascii(who.family).toLowerCase() || "mail";
  const form = pick(["first.last", "first.last", "flast", "first_last_digits", "plus_tag", "company", "upper", "nick_digits"]);
  let local;
  let domain = pick(DOMAINS[lang]);
  switch (form) {
    case "first.last": local = `${g}.${f}`; break;
    case "flast": local = `${g[0]}${f}`; break;
    case "first_last_digits": local = `${g}_${f}${int(1, 99)}`; break;
    case "plus_tag": local = `${g}.${f}+${pick(["shop", "news", "bank", "2024", "amazon"])}`; break;
    case "company": local = pick([`${g}.${f}`, `${g[0]}.${f}`, g, pick(["info", "rechnungen", "facturation", "contabilidad", "amministrazione", "administratie", "financeiro", "biuro"])]); domain = `${ascii(pick(NAMES)).toLowerCase()}-${pick(["bau", "logistics", "immo", "consulting", "tech", "group", "design"])}.${pick(COMPANY_TLD[lang])}`; break;
    case "upper": local = `${g}.${f}`.toUpperCase(); domain = domain.toUpperCase(); break;
    case "nick_digits": local = `${g}${f.slice(0, 3)}${int(70, 2005)}`; break;
  }
  return { v: `${local}@${domain}`, form };
}

// ---------------------------------------------------------------- pii records
const records = [];
function fill(tid, value, who, label) {
  return TEMPLATES[tid].text.replaceAll("{v}", value).replaceAll("{n}", who.full).replaceAll("{l}", label ?? "");
}
function addRecord(locale, kind, sub, form, template, value, who, label) {
  records.push({ locale, kind, sub, form, check: null, template, text: fill(template, value, who, label), values: [value] });
}
const BROKEN = 1 / 12;
const IBAN_LOCALES = LOCALES.filter((l) => !["en-US", "es-MX", "pt-BR"].includes(l));
for (let i = 0; i < 412; i++) {
  const loc = LOCALES[i % LOCALES.length];
  const lang = langOf(loc);
  const who = person(lang);
  const e = emailValue(who, lang);
  addRecord(loc, "email", "", e.form, pick(TEMPLATE_IDS[`${lang}/email`]), e.v, who);
}
for (let i = 0; i < 416; i++) {
  const loc = LOCALES[i % LOCALES.length];
  const lang = langOf(loc);
  const who = person(lang);
  let { v, form } = phoneValue(regionOf(loc), lang);
  if (chance(BROKEN)) { v = chance(0.6) ? dropDigit(v) : breakDigit(v); form += ":tampered"; }
  addRecord(loc, "phone", "", form, pick(TEMPLATE_IDS[`${lang}/phone`]), v, who);
}
for (let i = 0; i < 408; i++) {
  const loc = LOCALES[i % LOCALES.length];
  const lang = langOf(loc);
  const who = person(lang);
  let { v, form } = cardValue();
  if (chance(BROKEN)) { v = breakDigit(v); form += ":tampered"; }
  addRecord(loc, "card", "", form, pick(TEMPLATE_IDS[`${lang}/card`]), v, who);
}
for (let i = 0; i < 403; i++) {
  const loc = IBAN_LOCALES[i % IBAN_LOCALES.length];
  const lang = langOf(loc);
  const who = person(lang);
  let { v, form } = ibanValue(IBAN_CC[regionOf(loc)]);
  if (chance(BROKEN)) { v = breakDigit(v); form += ":tampered"; }
  addRecord(loc, "iban", "", form, pick(TEMPLATE_IDS[`${lang}/iban`]), v, who);
}
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es", es_nie: "es", it_cf: "it" };
for (const sub of Object.keys(ID_LOCALE)) {
  for (let i = 0; i < 52; i++) {
    const loc = ID_LOCALE[sub];
    const home = langOf(loc);
    const lang = chance(0.3) ? pick(LANGS.filter((l) => l !== home)) : home;
    const who = person(home);
    let { v, form } = idValue(sub, who);
    if (chance(BROKEN)) { v = breakId(sub, v); form += ":tampered"; }
    addRecord(loc, "national_id", sub, form, pick(TEMPLATE_IDS[`${lang}/national_id`]), v, who, ID_LABEL[sub][lang]);
  }
}

// ---------------------------------------------------------------- benign sentences
// Families of number-heavy text that holds no e-mail, phone, card, IBAN or national id.
const ean13 = (twelve) => twelve + String((10 - ([...twelve].reduce((a, c, i) => a + Number(c) * (i % 2 ? 3 : 1), 0) % 10)) % 10);
// Germans, Dutch and Poles write 05.03.2025 (Dutch also 05-03-2025); the Romance languages 05/03/2025.
const date = (sep = ".") => `${pad(int(1, 28), 2)}${sep}${pad(int(1, 12), 2)}${sep}${int(2019, 2026)}`;
const isoDate = () => `${int(2019, 2026)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
const usDate = () => `${int(1, 12)}/${int(1, 28)}/${int(2019, 2026)}`;
const time = () => `${pad(int(6, 22), 2)}:${pad(int(0, 59), 2)}`;
const money = (sep = ",") => `${int(3, 4999)}${sep}${pad(int(0, 99), 2)}`;
const B = {
  order_number: [
    ["en", () => `Your order #${int(100, 999)}-${digits(7)}-${digits(7)} has shipped.`],
    ["de", () => `Bestellnummer: ${int(30, 99)}${digits(8)} vom ${date()}`],
    ["fr", () => `Commande n° ${letters(2)}${digits(9)} confirmée le ${date("/")}.`],
    ["es", () => `Pedido ${digits(6)}-${digits(4)} en preparación.`],
    ["pl", () => `Zamówienie nr ${digits(4)}/${int(2020, 2026)}/${digits(5)} zostało wysłane.`],
  ],
  parcel_tracking: [
    ["en", () => `Tracking: 1Z${letters(3)}${digits(3)}${digits(10)} (UPS), expected ${usDate()}`],
    ["nl", () => `Je pakket met trackingcode 3S${letters(4)}${digits(9)} wordt morgen bezorgd.`],
    ["de", () => `Sendungsnummer ${digits(12)} – Zustellung zwischen ${time()} und ${time()}`],
    ["it", () => `Spedizione ${letters(2)}${digits(9)}IT in transito a Bologna.`],
    ["pt", () => `Código de rastreio: ${letters(2)}${digits(9)}BR, postado em ${date("/")}`],
  ],
  serial_number: [
    ["en", () => `S/N: ${letters(3)}${digits(7)}${letters(1)} – warranty until ${isoDate()}`],
    ["de", () => `Seriennummer des Geräts: ${digits(4)}-${digits(4)}-${digits(4)}-${digits(4)}`],
    ["fr", () => `N° de série ${letters(2)}${digits(10)}, modèle ${letters(2)}-${int(100, 999)}`],
    ["nl", () => `Serienummer ${digits(16)} staat op de sticker onderaan.`],
    ["es", () => `Número de serie: ${letters(1)}${digits(13)}`],
  ],
  calendar_date: [
    ["en", () => `Meeting moved to ${usDate()} at ${time()}, same room.`],
    ["de", () => `Termin am ${date()} um ${time()} Uhr bestätigt.`],
    ["fr", () => `Rendez-vous le ${date("/")} à ${time().replace(":", "h")}.`],
    ["it", () => `Scadenza: ${date("/")}, ore ${time()}`],
    ["pl", () => `Spotkanie ${date()} r. o godz. ${time()}`],
    ["pt", () => `Reunião remarcada para ${date("/")} às ${time()}`],
  ],
  price: [
    ["de", () => `Gesamtbetrag: ${money()} € inkl. 19 % MwSt.`],
    ["en", () => `Total: $${int(1, 4)},${digits(3)}.${digits(2)} (incl. tax)`],
    ["fr", () => `Prix TTC : ${int(1, 9)} ${digits(3)},${digits(2)} €`],
    ["es", () => `Importe total: ${money()} € (IVA incluido)`],
    ["pt", () => `Valor: R$ ${int(1, 99)}.${digits(3)},${digits(2)} em ${int(2, 12)}x sem juros`],
    ["pl", () => `Do zapłaty: ${int(1, 9)} ${digits(3)},${digits(2)} zł`],
  ],
  room_number: [
    ["en", () => `Checked in to room ${int(1, 14)}${pad(int(1, 40), 2)}, floor ${int(1, 14)}.`],
    ["de", () => `Raum ${letters(1)}${int(1, 4)}.${pad(int(1, 99), 2)} im Gebäude ${int(1, 9)}`],
    ["it", () => `Aula ${int(100, 450)}, secondo piano, edificio ${letters(1)}`],
    ["nl", () => `Lokaal ${int(0, 3)}.${pad(int(1, 60), 2)} is gereserveerd van ${time()} tot ${time()}.`],
  ],
  flight: [
    ["en", () => `Flight ${pick(["BA", "AA", "EI", "UA"])}${int(10, 2999)} departs ${time()} from gate ${letters(1)}${int(1, 60)}, seat ${int(1, 40)}${pick([..."ABCDEF"])}.`],
    ["de", () => `Flug ${pick(["LH", "EW", "OS", "LX"])} ${int(100, 2999)} am ${date()}, Abflug ${time()}`],
    ["fr", () => `Vol AF${int(1000, 7999)} retardé, nouvelle heure ${time()}`],
    ["es", () => `Vuelo IB${int(3000, 3999)}, puerta ${letters(1)}${int(1, 90)}, embarque ${time()}`],
    ["pt", () => `Voo TP ${int(1000, 1999)} / LA${int(3000, 4999)} – check-in até ${time()}`],
  ],
  invoice_ref: [
    ["en", () => `Invoice INV-${int(2020, 2026)}-${digits(5)} is due on ${usDate()}.`],
    ["de", () => `Rechnung Nr. RE-${digits(6)}, Kundennummer ${digits(7)}`],
    ["fr", () => `Facture F${int(2020, 2026)}${digits(5)} – échéance ${date("/")}`],
    ["it", () => `Fattura n. ${int(1, 999)}/${int(2020, 2026)} del ${date("/")}`],
    ["pl", () => `Faktura VAT nr FV/${digits(3)}/${pad(int(1, 12), 2)}/${int(2020, 2026)}`],
    ["nl", () => `Factuurnummer ${int(2020, 2026)}${digits(5)}, betalingskenmerk ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)}`],
  ],
  imei: [
    ["en", () => `IMEI ${withLuhn("35" + digits(12))} is blacklisted? no, it's clean.`],
    ["de", () => `Die IMEI meines Handys: ${withLuhn(pick(["35", "86", "01"]) + digits(12))}`],
    ["es", () => `IMEI del terminal: ${withLuhn("35" + digits(12))}`],
    ["pl", () => `Numer IMEI: ${withLuhn("86" + digits(12))}`],
  ],
  sim_iccid: [
    ["en", () => `SIM ICCID ${withLuhn("8944" + digits(14))} activated.`],
    ["nl", () => `Simkaartnummer (ICCID): ${withLuhn("8931" + digits(14))}`],
    ["it", () => `ICCID della SIM: ${withLuhn("8939" + digits(14))}`],
    ["fr", () => `Numéro de carte SIM : ${withLuhn("8933" + digits(14))}`],
  ],
  siret: [
    ["fr", () => { const s = withLuhn(digits(13)); return `SIRET : ${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`; }],
    ["fr", () => `N° SIRET ${withLuhn(digits(13))} – APE ${int(10, 96)}.${pad(int(1, 99), 2)}${letters(1)}`],
    ["fr", () => { const s = withLuhn(digits(8)); return `SIREN ${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)} RCS Lyon`; }],
  ],
  loyalty_card: [
    ["de", () => `Payback-Kartennummer: ${withLuhn("308342" + digits(9))}`],
    ["en", () => `Nectar card ${withLuhn("98263000" + digits(10))} – ${int(100, 9000)} points`],
    ["nl", () => `Bonuskaart ${withLuhn("2620" + digits(9))} toegevoegd aan je account`],
    ["es", () => `Tarjeta de puntos nº ${withLuhn("7" + digits(14))}, saldo ${int(10, 900)} puntos`],
  ],
  isbn: [
    ["en", () => `ISBN ${ean13("978" + digits(9)).replace(/^(\d{3})(\d)(\d{4})(\d{4})(\d)$/, "$1-$2-$3-$4-$5")}`],
    ["de", () => `Buch bestellt, ISBN ${ean13("978" + pick(["3", "1"]) + digits(8))}`],
    ["it", () => `Libro di testo: ISBN ${ean13("97888" + digits(7))}`],
    ["pt", () => `Referência bibliográfica, ISBN ${ean13("97885" + digits(7))}`],
  ],
  ean_barcode: [
    ["de", () => `EAN ${ean13("40" + digits(10))} nicht im Sortiment`],
    ["en", () => `barcode ${ean13("50" + digits(10))} scanned twice`],
    ["fr", () => `Code-barres ${ean13("3" + digits(11))} (lot ${digits(5)})`],
    ["pl", () => `Kod kreskowy EAN: ${ean13("590" + digits(9))}`],
  ],
  version_build: [
    ["en", () => `Upgraded to v${int(1, 12)}.${int(0, 30)}.${int(0, 99)} (build ${digits(5)})`],
    ["de", () => `Firmware ${int(1, 5)}.${int(0, 9)}.${int(0, 99)}-r${digits(4)} installiert`],
    ["nl", () => `Versie ${int(2019, 2026)}.${int(1, 12)}.${digits(3)} uitgerold op ${date()}`],
  ],
  postal_address_numbers: [
    ["de", () => `Lieferadresse: Hauptstraße ${int(1, 180)}, ${digits(5)} Musterstadt`],
    ["fr", () => `${int(1, 120)} rue de la République, ${pad(int(1, 95), 2)}${digits(3)} Ville`],
    ["es", () => `C/ Mayor ${int(1, 99)}, ${int(1, 9)}º ${pick([..."ABCD"])}, ${pad(int(1, 52), 2)}${digits(3)}`],
    ["pl", () => `ul. Długa ${int(1, 99)}/${int(1, 40)}, ${pad(int(0, 99), 2)}-${digits(3)} Gdańsk`],
    ["pt", () => `Rua das Flores, ${int(1, 400)}, CEP ${digits(5)}-${digits(3)}`],
  ],
  coordinates: [
    ["en", () => `Meet at ${int(40, 59)}.${digits(5)}, -${int(0, 9)}.${digits(5)}`],
    ["de", () => `GPS: ${int(47, 54)}.${digits(6)} N, ${int(6, 14)}.${digits(6)} E`],
    ["it", () => `Coordinate: ${int(37, 46)}°${int(0, 59)}'${int(0, 59)}" N ${int(7, 18)}°${int(0, 59)}'${int(0, 59)}" E`],
  ],
  measurements: [
    ["en", () => `The panel is ${int(600, 2400)} x ${int(300, 1200)} x ${int(10, 60)} mm, ${int(2, 40)}.${int(0, 9)} kg.`],
    ["de", () => `Wohnfläche ${int(30, 180)},${int(0, 9)} m², Grundstück ${int(200, 1500)} m²`],
    ["es", () => `Medidas: ${int(50, 220)} x ${int(40, 200)} cm, peso ${int(1, 90)},${int(0, 9)} kg`],
    ["nl", () => `Afmetingen ${int(40, 250)} × ${int(30, 120)} cm, ${int(1, 60)} kg`],
  ],
  sports_score: [
    ["en", () => `Final score ${int(0, 5)}-${int(0, 5)}, attendance ${int(10, 80)},${digits(3)}`],
    ["it", () => `Risultato finale ${int(0, 4)}-${int(0, 4)}, spettatori ${int(10, 70)}.${digits(3)}`],
    ["es", () => `El partido terminó ${int(0, 4)}-${int(0, 4)} ante ${int(10, 90)}.${digits(3)} espectadores`],
    ["pt", () => `Placar: ${int(0, 4)} x ${int(0, 4)}, público de ${int(10, 70)}.${digits(3)} pagantes`],
  ],
  log_line: [
    ["en", () => `${isoDate()}T${time()}:${pad(int(0, 59), 2)}.${digits(3)}Z INFO worker-${int(1, 16)} processed ${int(1, 9999)} jobs in ${int(1, 999)}ms pid=${int(1000, 65000)}`],
    ["en", () => `[${isoDate()} ${time()}:${pad(int(0, 59), 2)}] ERROR request ${digits(10)} timed out after ${int(1, 60)}s`],
    ["de", () => `${date()} ${time()} Backup abgeschlossen: ${int(1, 999)} ${digits(3)} Dateien, ${int(1, 900)},${digits(1)} GB`],
  ],
  support_ticket: [
    ["en", () => `Re: [Ticket #${digits(6)}] printer on 3rd floor`],
    ["de", () => `Ihr Ticket ${letters(3)}-${digits(6)} wurde am ${date()} geschlossen.`],
    ["fr", () => `Demande n° ${digits(8)} prise en compte`],
    ["pl", () => `Zgłoszenie #${digits(7)} – status: w realizacji`],
    ["it", () => `Ticket ${letters(2)}${digits(7)} assegnato al secondo livello`],
  ],
  booking_code: [
    ["en", () => `Booking reference ${letters(6)}, confirmation ${digits(10)}`],
    ["es", () => `Localizador de la reserva: ${letters(6)}, ${int(1, 9)} noches`],
    ["fr", () => `Réservation ${letters(2)}${digits(6)}, ${int(1, 6)} nuits, chambre ${int(100, 520)}`],
    ["nl", () => `Boekingsnummer ${digits(10)}, aankomst ${date()}`],
  ],
  meter_reading: [
    ["de", () => `Zählerstand Strom: ${digits(6)},${digits(1)} kWh (Zähler ${digits(8)})`],
    ["nl", () => `Meterstand gas ${digits(5)},${digits(3)} m³ op ${date("-")}`],
    ["fr", () => `Relevé du compteur : ${digits(5)} kWh, PDL ${digits(14)}`],
    ["it", () => `Lettura contatore: ${digits(5)} mc, matricola ${digits(10)}`],
  ],
  uuid_hash: [
    ["en", () => `request-id ${[8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => pick([..."0123456789abcdef"])).join("")).join("-")}`],
    ["en", () => `fixed in commit ${Array.from({ length: 40 }, () => pick([..."0123456789abcdef"])).join("").slice(0, int(7, 12))}`],
    ["de", () => `Prüfsumme SHA-256: ${Array.from({ length: 64 }, () => pick([..."0123456789abcdef"])).join("")}`],
  ],
  product_sku: [
    ["en", () => `SKU ${letters(3)}-${digits(5)}-${letters(2)} back in stock (${int(2, 400)} units)`],
    ["de", () => `Artikelnummer ${digits(3)}.${digits(3)}.${digits(2)}, Menge ${int(1, 50)} Stk.`],
    ["es", () => `Ref. artículo ${digits(4)}/${digits(3)}, talla ${int(36, 46)}`],
    ["pt", () => `Cód. produto ${digits(8)}, quantidade ${int(1, 20)}`],
  ],
  train_seat: [
    ["de", () => `ICE ${int(500, 1999)}, Wagen ${int(1, 14)}, Platz ${int(11, 118)}, Abfahrt ${time()} Gleis ${int(1, 22)}`],
    ["fr", () => `TGV n° ${int(6000, 9999)}, voiture ${int(1, 18)}, place ${int(1, 99)}, départ ${time()}`],
    ["it", () => `Frecciarossa ${int(9500, 9699)}, carrozza ${int(1, 10)}, posto ${int(1, 80)}${pick([..."ABCD"])}`],
    ["nl", () => `Intercity naar Utrecht, spoor ${int(1, 20)}${pick(["a", "b", ""])}, vertrek ${time()}`],
  ],
  statistics: [
    ["en", () => `Revenue grew ${int(1, 40)}.${int(0, 9)}% to $${int(1, 900)}.${int(0, 9)}m in Q${int(1, 4)} ${int(2019, 2026)}.`],
    ["de", () => `Die Quote lag bei ${int(1, 99)},${int(0, 9)} %, das sind ${int(1, 999)}.${digits(3)} Haushalte.`],
    ["fr", () => `${int(1, 99)},${int(0, 9)} % des ${int(1, 99)} ${digits(3)} répondants`],
    ["pl", () => `Wzrost o ${int(1, 30)},${int(0, 9)}% r/r, ${int(1, 999)} ${digits(3)} użytkowników`],
  ],
  payment_reference: [
    ["nl", () => `Betalingskenmerk: ${digits(16).replace(/(\d{4})(?=\d)/g, "$1 ")}`],
    ["pt", () => `Entidade ${digits(5)} Referência ${digits(3)} ${digits(3)} ${digits(3)} Valor ${money()} €`],
    ["de", () => `Verwendungszweck: Vertrag ${digits(8)} / Rate ${int(1, 36)} von 36`],
    ["en", () => { const b = digits(8); return `Structured ref +++${b.slice(0, 3)}/${b.slice(3, 7)}/${b.slice(7)}${pad(Number(b) % 97 || 97, 2)}+++`; }],
  ],
  vehicle_odometer: [
    ["en", () => `Service at ${int(10, 199)},${digits(3)} miles, next one due at ${int(10, 200)},000`],
    ["de", () => `Kilometerstand ${int(10, 299)}.${digits(3)} km, nächster TÜV ${pad(int(1, 12), 2)}/${int(2025, 2028)}`],
    ["es", () => `Kilometraje: ${int(10, 299)}.${digits(3)} km, revisión el ${date("/")}`],
    ["it", () => `Chilometri percorsi: ${int(10, 299)}.${digits(3)}, tagliando il ${date("/")}`],
  ],
  dosage_lab: [
    ["en", () => `BP ${int(100, 160)}/${int(60, 100)}, pulse ${int(50, 110)}, glucose ${int(4, 11)}.${int(0, 9)} mmol/L`],
    ["de", () => `Ibuprofen ${pick([200, 400, 600])} mg, ${int(1, 3)}-${int(0, 1)}-${int(1, 3)}, für ${int(3, 14)} Tage`],
    ["fr", () => `Posologie : ${int(1, 3)} comprimés de ${pick([500, 1000])} mg toutes les ${int(4, 8)} h`],
    ["pt", () => `Hemoglobina ${int(10, 17)},${int(0, 9)} g/dL, plaquetas ${int(150, 450)}.${digits(3)}/mm³`],
  ],
};
const benign = [];
const families = Object.keys(B);
for (const family of families) {
  const n = family === "siret" ? 27 : 32;
  for (let i = 0; i < n; i++) {
    const [lang, make] = pick(B[family]);
    benign.push({ family, lang, text: make() });
  }
}

// ---------------------------------------------------------------- labelling
function reference(rows) {
  const input = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const res = spawnSync(PYTHON, [path.join(HERE, "pii_reference_checks.py")], { input, encoding: "utf-8", maxBuffer: 1 << 26 });
  if (res.status !== 0) {
    throw new Error(`pii_reference_checks.py failed (${res.status}): ${res.stderr}\nfix: set PII14_PYTHON to a Python with python-stdnum and phonenumbers`);
  }
  return JSON.parse(res.stdout);
}
const answer = reference(records.map((r) => ({ kind: r.kind, sub: r.sub, value: r.values[0], region: regionOf(r.locale) })));
records.forEach((r, i) => {
  const p = answer.passes[i];
  r.check = p === null ? "n/a" : p ? "valid" : "invalid";
});

const out = {
  source: "humannames",
  source_version: HN_VERSION,
  source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_fourteenth.mjs",
  seed: SEED,
  locales: LOCALES,
  templates: TEMPLATES,
  templates_naming_nothing: TEMPLATES.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0),
  pii: records,
  benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n", "utf-8");
console.log(`wrote ${OUT}: ${records.length} pii, ${benign.length} benign, ${TEMPLATES.length} templates`);
