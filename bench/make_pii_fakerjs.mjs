// A third, blind held-out PII corpus (issue #17), from a generator nobody here tuned on.
//
// Why: the PII engine's quality may only be reported on data it was not tuned on. The two
// earlier corpora (Python Faker, Mimesis) are development data now; this one comes from a
// different generator, @faker-js/faker, and its sentence templates were written from scratch
// without reading the detectors, their word lists or the other corpora.
//
// Run (Node 20; @faker-js/faker is MIT and lives in a throwaway dir, not in the project):
//   mkdir -p /tmp/fjs && cd /tmp/fjs && npm init -y && npm i @faker-js/faker@10.6.0
//   cd <repo root> && node bench/make_pii_fakerjs.mjs
// (FAKERJS_DIR=/tmp/fjs is the default place the package is looked up; set it if elsewhere.
// PII_FAKERJS_OUT=<file> writes elsewhere, for the test that the output is reproduced.)
// The script then calls a Python with python-stdnum and phonenumbers (default
// /work/main/.venv/bin/python, override with PYTHON=...) ONCE, with validators only, to set
// each value's `check` and to cross-check the identifiers/IBANs/cards built here.
// Versions: @faker-js/faker 10.6.0 (pinned, refused otherwise), python-stdnum and
// phonenumbers as recorded in the output. Seed: faker.seed(20261208) for the structural
// choices; each locale's instance is seeded [20261208, i] (i = its index in LOCALES).
// Same inputs -> same bench/data/pii_fakerjs.json byte for byte.
//
// What faker-js gives: e-mails, phone numbers (its "human", "national" and "international"
// styles), card numbers per issuer (Luhn), IBAN layouts and names. What is implemented here
// from the public algorithms: the IBAN check digits (ISO 13616 mod 97) and the BBAN checks
// stdnum verifies (Belgium mod 97, Spain's CCC), and the national identifiers: US SSN, UK
// NINO (no stdnum validator: its published prefix/suffix rules, re-checked in the test),
// NL BSN (11-test), DE Steuer-IdNr (digit-repeat rule + ISO 7064 mod 11,10), FR NIR
// (97 - n mod 97, Corsica 2A/2B), ES DNI / NIE (mod 23 letter), IT codice fiscale (from a
// faker name, birth date, a real cadastral code, odd/even check table).
// About 15 % of cards, IBANs and identifiers are deliberately broken (one check digit
// changed): `check` is "invalid" for those. Phones keep what phonenumbers says.
// Templates: in every language and kind, the LAST TWO templates name nothing (no word
// says e-mail / phone / card / IBAN / the identifier's name).

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKERJS_DIR = process.env.FAKERJS_DIR || '/tmp/fjs';
const require = createRequire(path.join(FAKERJS_DIR, 'package.json'));
const VERSION = '10.6.0';
let F, PKG;
try {
  PKG = require('@faker-js/faker/package.json');
  F = await import(require.resolve('@faker-js/faker'));
} catch {
  console.error(`@faker-js/faker not found under ${FAKERJS_DIR}: mkdir -p ${FAKERJS_DIR} && cd ${FAKERJS_DIR} && npm init -y && npm i @faker-js/faker@${VERSION} (or set FAKERJS_DIR)`);
  process.exit(2);
}
if (PKG.version !== VERSION) {
  console.error(`@faker-js/faker ${PKG.version} found in ${FAKERJS_DIR}; this corpus is pinned to ${VERSION}: npm i @faker-js/faker@${VERSION}`);
  process.exit(2);
}
const SEED = 20261208;
const PYTHON = process.env.PYTHON || '/work/main/.venv/bin/python';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.PII_FAKERJS_OUT || path.join(ROOT, 'bench', 'data', 'pii_fakerjs.json'); // override: the reproducibility test

// locale, faker instance, language, phone region, IBAN country
const LOCALES = [
  ['en-US', 'fakerEN_US', 'en', 'US', null],
  ['en-GB', 'fakerEN_GB', 'en', 'GB', 'GB'],
  ['en-IE', 'fakerEN_IE', 'en', 'IE', 'IE'],
  ['de', 'fakerDE', 'de', 'DE', 'DE'],
  ['de-AT', 'fakerDE_AT', 'de', 'AT', 'AT'],
  ['de-CH', 'fakerDE_CH', 'de', 'CH', 'CH'],
  ['fr', 'fakerFR', 'fr', 'FR', 'FR'],
  ['fr-BE', 'fakerFR_BE', 'fr', 'BE', 'BE'],
  ['es', 'fakerES', 'es', 'ES', 'ES'],
  ['it', 'fakerIT', 'it', 'IT', 'IT'],
  ['nl', 'fakerNL', 'nl', 'NL', 'NL'],
  ['nl-BE', 'fakerNL_BE', 'nl', 'BE', 'BE'],
  ['pt-PT', 'fakerPT_PT', 'pt', 'PT', 'PT'],
  ['pl', 'fakerPL', 'pl', 'PL', 'PL'],
];
const fk = F.faker;
fk.seed(SEED);
const INST = {};
LOCALES.forEach(([loc, name], i) => {
  INST[loc] = F[name];
  INST[loc].seed([SEED, i]);
});
const pick = (arr) => fk.helpers.arrayElement(arr);
const int = (min, max) => fk.number.int({ min, max });
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join('');
const pad = (n, w) => String(n).padStart(w, '0');

// ---------------------------------------------------------------- templates ({v} = value, {n} = a name)
const T = {
  email: {
    en: ['My email address is {v}, write any time.', 'Please send the signed form by e-mail to {v}.', 'Contact: {n}, email {v}', 'Can you loop in {v} on this thread?', '{n} <{v}> wrote on Monday that the parcel never arrived.'],
    de: ['Meine E-Mail-Adresse lautet {v}.', 'Bitte schicken Sie die Unterlagen per Mail an {v}.', 'Kontakt: {n}, E-Mail: {v}', 'Kannst du {v} bitte in cc nehmen?', 'Von {n} ({v}) kam gestern keine Antwort mehr.'],
    fr: ['Mon adresse e-mail est {v}.', 'Merci d\'envoyer le devis par courriel à {v}.', 'Contact : {n}, mél : {v}', 'Tu peux mettre {v} en copie ?', '{n} ({v}) n\'a toujours pas répondu.'],
    es: ['Mi correo electrónico es {v}.', 'Envíe la factura por email a {v}, por favor.', 'Contacto: {n}, correo: {v}', '¿Puedes poner a {v} en copia?', 'Escríbele a {v} antes del viernes.'],
    it: ['Il mio indirizzo email è {v}.', 'Per favore inviate il modulo via e-mail a {v}.', 'Referente: {n}, posta elettronica {v}', 'Puoi mettere in copia {v}?', 'Scrivete a {v} entro venerdì.'],
    nl: ['Mijn e-mailadres is {v}.', 'Stuur de offerte per mail naar {v} alstublieft.', 'Contactpersoon: {n}, e-mail {v}', 'Kun je {v} in de cc zetten?', 'Laat het {n} weten via {v} voor vrijdag.'],
    pt: ['O meu endereço de email é {v}.', 'Envie o contrato por e-mail para {v}, por favor.', 'Contacto: {n}, correio eletrónico {v}', 'Podes pôr {v} em cópia?', 'Respondam a {v} até sexta-feira.'],
    pl: ['Mój adres e-mail to {v}.', 'Proszę przesłać fakturę mailem na {v}.', 'Kontakt: {n}, e-mail: {v}', 'Możesz dodać {v} do wiadomości?', 'Odezwij się do {v} przed piątkiem.'],
  },
  phone: {
    en: ['My phone number is {v}.', 'Call me on my mobile: {v}', 'Tel. {v} (office hours only)', 'If nobody answers, try {v} after six.', '{n}, {v} — ask for the back office.'],
    de: ['Meine Telefonnummer ist {v}.', 'Rufen Sie mich bitte unter meiner Handynummer {v} an.', 'Tel.: {v}, erreichbar Mo–Fr', 'Falls keiner abnimmt, probier es unter {v} nach 18 Uhr.', '{n}, {v}, bitte nach der Buchhaltung fragen.'],
    fr: ['Mon numéro de téléphone est le {v}.', 'Appelez-moi sur mon portable au {v}.', 'Tél. : {v} (heures de bureau)', 'Si personne ne répond, essayez le {v} après 18 h.', '{n}, {v}, demander le service client.'],
    es: ['Mi número de teléfono es {v}.', 'Llámeme al móvil {v}, por favor.', 'Tel.: {v} (horario de oficina)', 'Si nadie contesta, prueba al {v} después de las seis.', '{n}, {v}, preguntar por administración.'],
    it: ['Il mio numero di telefono è {v}.', 'Chiamatemi al cellulare {v}.', 'Tel. {v} (orario d\'ufficio)', 'Se non risponde nessuno, prova al {v} dopo le sei.', '{n}, {v}, chiedere dell\'amministrazione.'],
    nl: ['Mijn telefoonnummer is {v}.', 'Bel me op mijn mobiel: {v}', 'Tel. {v} (tijdens kantooruren)', 'Als niemand opneemt, probeer dan {v} na zessen.', '{n}, {v}, vraag naar de administratie.'],
    pt: ['O meu número de telefone é {v}.', 'Ligue-me para o telemóvel {v}, por favor.', 'Tel.: {v} (horário de expediente)', 'Se ninguém atender, experimenta o {v} depois das seis.', '{n}, {v}, perguntar pela contabilidade.'],
    pl: ['Mój numer telefonu to {v}.', 'Proszę dzwonić na komórkę {v}.', 'Tel. {v} (w godzinach pracy)', 'Jak nikt nie odbierze, spróbuj pod {v} po szóstej.', '{n}, {v}, pytać o księgowość.'],
  },
  card: {
    en: ['My card number is {v}, expiry 09/28.', 'Please charge the Visa/credit card ending in the number {v}.', 'Card: {v} CVV on request', 'Use {v} exp 11/27 for the hotel deposit.', 'Billing {n}, {v}, 04/29'],
    de: ['Meine Kreditkartennummer ist {v}, gültig bis 09/28.', 'Bitte belasten Sie die Karte {v}.', 'Kartennummer: {v}', 'Nimm für die Kaution {v}, Ablauf 11/27.', 'Zahlung {n}: {v} 04/29'],
    fr: ['Mon numéro de carte bancaire est le {v}, expiration 09/28.', 'Merci de débiter la carte {v}.', 'N° de carte : {v}', 'Prends {v} exp. 11/27 pour la caution.', 'Règlement {n} : {v} 04/29'],
    es: ['Mi número de tarjeta es {v}, caduca 09/28.', 'Cárguelo a la tarjeta de crédito {v}.', 'Tarjeta: {v}', 'Usa {v} cad. 11/27 para la fianza del hotel.', 'Pago {n}: {v} 04/29'],
    it: ['Il numero della mia carta di credito è {v}, scadenza 09/28.', 'Addebitate pure sulla carta {v}.', 'Carta: {v}', 'Usa {v} scad. 11/27 per la cauzione.', 'Pagamento {n}: {v} 04/29'],
    nl: ['Mijn creditcardnummer is {v}, geldig tot 09/28.', 'Schrijf het bedrag af van kaart {v}.', 'Kaartnummer: {v}', 'Gebruik {v} exp. 11/27 voor de borg.', 'Betaling {n}: {v} 04/29'],
    pt: ['O número do meu cartão de crédito é {v}, validade 09/28.', 'Debitem no cartão {v}, por favor.', 'Cartão: {v}', 'Usa {v} val. 11/27 para a caução do hotel.', 'Pagamento {n}: {v} 04/29'],
    pl: ['Numer mojej karty kredytowej to {v}, ważna do 09/28.', 'Proszę obciążyć kartę {v}.', 'Karta: {v}', 'Użyj {v} ważn. 11/27 na kaucję.', 'Płatność {n}: {v} 04/29'],
  },
  iban: {
    en: ['My IBAN is {v}.', 'Please transfer the refund to account {v}.', 'Bank details: {n}, IBAN {v}', 'Send the deposit to {v} by Friday.', 'Beneficiary {n}, {v}, reference rent March'],
    de: ['Meine IBAN lautet {v}.', 'Bitte überweisen Sie den Betrag auf das Konto {v}.', 'Bankverbindung: {n}, IBAN {v}', 'Schick die Kaution bis Freitag an {v}.', 'Empfänger {n}, {v}, Verwendungszweck Miete März'],
    fr: ['Mon IBAN est {v}.', 'Merci de virer le remboursement sur le compte {v}.', 'RIB : {n}, IBAN {v}', 'Envoie la caution sur {v} avant vendredi.', 'Bénéficiaire {n}, {v}, motif loyer mars'],
    es: ['Mi IBAN es {v}.', 'Haga la transferencia a la cuenta {v}, por favor.', 'Datos bancarios: {n}, IBAN {v}', 'Manda la fianza a {v} antes del viernes.', 'Beneficiario {n}, {v}, concepto alquiler marzo'],
    it: ['Il mio IBAN è {v}.', 'Fate il bonifico sul conto {v}.', 'Coordinate bancarie: {n}, IBAN {v}', 'Manda la caparra su {v} entro venerdì.', 'Beneficiario {n}, {v}, causale affitto marzo'],
    nl: ['Mijn IBAN is {v}.', 'Maak het bedrag over naar rekening {v}.', 'Bankgegevens: {n}, IBAN {v}', 'Stort de borg voor vrijdag op {v}.', 'Begunstigde {n}, {v}, omschrijving huur maart'],
    pt: ['O meu IBAN é {v}.', 'Façam a transferência para a conta {v}, por favor.', 'Dados bancários: {n}, IBAN {v}', 'Manda a caução para {v} até sexta.', 'Beneficiário {n}, {v}, descritivo renda março'],
    pl: ['Mój IBAN to {v}.', 'Proszę przelać zwrot na konto {v}.', 'Dane do przelewu: {n}, IBAN {v}', 'Wyślij kaucję na {v} do piątku.', 'Odbiorca {n}, {v}, tytułem czynsz marzec'],
  },
  national_id: {
    us_ssn: ['My Social Security number is {v}.', 'SSN: {v}', 'Please confirm the social security no. {v} on the W-2.', 'Applicant {n}, {v}, born 1984', 'For the payroll file: {n} {v}'],
    uk_nino: ['My National Insurance number is {v}.', 'NI number: {v}', 'Please quote your NINO ({v}) on every letter.', 'Employee {n}, {v}, starts Monday', 'For payroll: {n} {v}'],
    nl_bsn: ['Mijn BSN is {v}.', 'Burgerservicenummer: {v}', 'Vermeld uw sofinummer {v} op het formulier.', 'Werknemer {n}, {v}, start maandag', 'Voor de loonadministratie: {n} {v}'],
    de_idnr: ['Meine Steuer-ID ist {v}.', 'Steuerliche Identifikationsnummer: {v}', 'Bitte tragen Sie die IdNr. {v} in das Formular ein.', 'Mitarbeiterin {n}, {v}, Eintritt 1. März', 'Für die Lohnabrechnung: {n} {v}'],
    fr_nir: ['Mon numéro de sécurité sociale est le {v}.', 'N° INSEE : {v}', 'Indiquez votre NIR {v} sur la feuille de soins.', 'Salarié {n}, {v}, entrée le 1er mars', 'Pour la paie : {n} {v}'],
    es_dni: ['Mi DNI es {v}.', 'Documento nacional de identidad: {v}', 'Indique el NIF {v} en la factura.', 'Titular {n}, {v}, alta el 1 de marzo', 'Para la nómina: {n} {v}'],
    es_nie: ['Mi NIE es {v}.', 'Número de identidad de extranjero: {v}', 'Indique su NIE {v} en el contrato.', 'Titular {n}, {v}, alta el 1 de marzo', 'Para la nómina: {n} {v}'],
    it_cf: ['Il mio codice fiscale è {v}.', 'C.F.: {v}', 'Indicare il cod. fiscale {v} sul modulo.', 'Dipendente {n}, {v}, assunto il 1° marzo', 'Per le buste paga: {n} {v}'],
  },
};
const ID_LOCALE = { us_ssn: 'en-US', uk_nino: 'en-GB', nl_bsn: 'nl', de_idnr: 'de', fr_nir: 'fr', es_dni: 'es', es_nie: 'es', it_cf: 'it' };
const EXT = { en: 'ext.', de: 'Durchwahl', fr: 'poste', es: 'ext.', it: 'interno', nl: 'toestel', pt: 'ext.', pl: 'wewn.' };

// ---------------------------------------------------------------- algorithms
const luhnDigit = (body) => {
  let s = 0;
  const r = body.split('').reverse();
  r.forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  });
  return String((10 - (s % 10)) % 10);
};
const breakDigit = (s, i) => s.slice(0, i) + String((Number(s[i]) + int(1, 9)) % 10) + s.slice(i + 1);
const mod97 = (numstr) => { let r = 0; for (const c of numstr) r = (r * 10 + Number(c)) % 97; return r; };
const ibanNumeric = (s) => s.split('').map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
const ibanCheck = (cc, bban) => pad(98 - mod97(ibanNumeric(bban + cc + '00')), 2);
const cccDigit = (ten) => {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const c = 11 - (ten.split('').reduce((a, d, i) => a + Number(d) * w[i], 0) % 11);
  return String(c === 11 ? 0 : c === 10 ? 1 : c);
};
const DNI = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cfVal = (c, odd) => {
  const k = /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
  return odd ? CF_ODD[k] : k;
};
const cfCheck = (s15) => String.fromCharCode(65 + (s15.split('').reduce((a, c, i) => a + cfVal(c, i % 2 === 0), 0) % 26));
const mod1110 = (ten) => {
  let p = 10;
  for (const c of ten) { let s = (Number(c) + p) % 10; if (s === 0) s = 10; p = (s * 2) % 11; }
  return String((11 - p) % 10);
};

function ibanValue(f, cc, broken) {
  let raw = f.finance.iban({ formatted: false, countryCode: cc });
  let bban = raw.slice(4);
  if (cc === 'BE') { // bank code from the registry stdnum checks, then the mod-97 pair
    const ten = pad(int(0, 99), 3) + bban.slice(3, 10);
    const m = mod97(ten) || 97;
    bban = ten + pad(m, 2);
  }
  if (cc === 'ES') { // CCC: bank 4 + branch 4 + 2 check digits + account 10
    const bank = bban.slice(0, 8), acct = bban.slice(10, 20);
    bban = bank + cccDigit('00' + bank) + cccDigit(acct) + acct;
  }
  let chk = ibanCheck(cc, bban);
  if (broken) chk = pad((Number(chk) + int(1, 90)) % 97 + 2, 2).slice(-2);
  if (broken && chk === ibanCheck(cc, bban)) chk = pad((Number(chk) + 1) % 100, 2);
  return cc + chk + bban;
}

const IT_PLACES = ['H501', 'F205', 'L219', 'F839', 'G273', 'A944', 'D612', 'L736', 'A662', 'C351', 'G224', 'B157'];
function cfConsonants(word, first) {
  const w = word.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
  const cons = w.replace(/[AEIOU]/g, ''), vow = w.replace(/[^AEIOU]/g, '');
  if (first && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + 'XXX').slice(0, 3);
}

function nationalId(sub, f, broken) {
  switch (sub) {
    case 'us_ssn': {
      let area;
      do { area = int(1, 899); } while (area === 666);
      const g = pad(int(1, 99), 2), s = pad(int(1, 9999), 4);
      let a = pad(area, 3);
      if (broken) a = pick(['000', '666', pad(int(900, 999), 3)]); // SSN has no check digit: an unissuable area
      return [a, g, s];
    }
    case 'uk_nino': {
      const L1 = 'ABCEGHJKLMNOPRSTWXYZ', L2 = 'ABCEGHJKLMNPRSTWXYZ';
      let pre;
      do { pre = pick(L1.split('')) + pick(L2.split('')); } while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(pre));
      if (broken) pre = pick(['GB', 'BG', 'ZZ', 'NT', 'D' + pick(['A', 'E', 'H']), 'Q' + pick(['A', 'B', 'R'])]);
      return [pre, digits(2), digits(2), digits(2), broken && fk.datatype.boolean() ? pick(['E', 'F', 'K']) : pick(['A', 'B', 'C', 'D'])];
    }
    case 'nl_bsn': {
      for (;;) {
        const d = String(int(1, 6)) + digits(7);
        const s = d.split('').reduce((a, c, i) => a + Number(c) * (9 - i), 0);
        const last = s % 11;
        if (last === 10) continue;
        const v = d + (broken ? String((last + int(1, 9)) % 10) : String(last));
        if (broken && (v.split('').reduce((a, c, i) => a + Number(c) * (i < 8 ? 9 - i : -1), 0) % 11 === 0)) continue;
        return [v];
      }
    }
    case 'de_idnr': {
      for (;;) {
        const pool = fk.helpers.shuffle('0123456789'.split(''));
        const body = pool.slice(0, 9);
        body.splice(int(1, 9), 0, pick(body));
        if (body[0] === '0') continue;
        const ten = body.join('');
        const chk = mod1110(ten);
        return [ten + (broken ? String((Number(chk) + int(1, 9)) % 10) : chk)];
      }
    }
    case 'fr_nir': {
      const sex = String(int(1, 2)), yy = pad(int(40, 99) % 100, 2), mm = pad(int(1, 12), 2);
      const dep = fk.number.float() < 0.06 ? pick(['2A', '2B']) : pad(pick([int(1, 19), int(21, 95)]), 2);
      const com = pad(int(1, 999), 3), ord = pad(int(1, 999), 3);
      const num = sex + yy + mm + (dep === '2A' ? '19' : dep === '2B' ? '18' : dep) + com + ord;
      let key = pad(97 - (Number(BigInt(num) % 97n)), 2);
      if (broken) key = pad((Number(key) + int(1, 50)) % 97 + 1, 2);
      return [sex, yy, mm, dep, com, ord, key];
    }
    case 'es_dni': {
      const n = pad(int(1000000, 99999999), 8);
      let l = DNI[Number(n) % 23];
      if (broken) l = DNI[(Number(n) + int(1, 22)) % 23];
      return [n, l];
    }
    case 'es_nie': {
      const x = pick(['X', 'Y', 'Z']), n = digits(7);
      let l = DNI[Number('XYZ'.indexOf(x) + n) % 23];
      if (broken) l = DNI[(Number('XYZ'.indexOf(x) + n) + int(1, 22)) % 23];
      return [x, n, l];
    }
    case 'it_cf': {
      const female = fk.datatype.boolean();
      const sur = f.person.lastName(), name = f.person.firstName(female ? 'female' : 'male');
      const yy = pad(int(40, 99), 2), m = 'ABCDEHLMPRST'[int(0, 11)], dd = pad(int(1, 28) + (female ? 40 : 0), 2);
      const s15 = cfConsonants(sur, false) + cfConsonants(name, true) + yy + m + dd + pick(IT_PLACES);
      let c = cfCheck(s15);
      if (broken) c = String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + int(1, 25)) % 26));
      return [s15 + c, sur + ' ' + name];
    }
  }
  throw new Error(sub);
}

// written forms of an identifier, from its parts
function idForms(sub, p) {
  switch (sub) {
    case 'us_ssn': return { dashes: p.join('-'), spaces: p.join(' '), compact: p.join('') };
    case 'uk_nino': return { compact: p.join(''), spaced: p.join(' '), 'lower case': p.join('').toLowerCase() };
    case 'nl_bsn': { const v = p[0]; return { compact: v, dots: `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}`, spaces: `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}` }; }
    case 'de_idnr': { const v = p[0]; return { compact: v, spaced: `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}` }; }
    case 'fr_nir': return { spaced: p.join(' '), compact: p.join('') };
    case 'es_dni': return { compact: p.join(''), dash: p.join('-'), dotted: `${p[0].slice(0, 2)}.${p[0].slice(2, 5)}.${p[0].slice(5)}-${p[1]}` };
    case 'es_nie': return { compact: p.join(''), dashes: p.join('-') };
    case 'it_cf': return { compact: p[0], 'lower case': p[0].toLowerCase() };
  }
  throw new Error(sub);
}

// ---------------------------------------------------------------- PII records
const pii = [];
const fill = (tpl, v, n) => tpl.replace('{n}', n).replace('{v}', v);
function add(locale, lang, kind, sub, form, broken, ti, tpl, value, name) {
  pii.push({ locale, kind, sub, form, check: broken ? 'invalid' : 'valid', template: ti, text: fill(tpl, value, name), values: [value] });
}
const PER_LOCALE = 29; // x 14 locales = 406 per kind
const BRANDS = [['visa', 'Visa'], ['mastercard', 'MasterCard'], ['american_express', 'American Express'], ['maestro', 'Maestro'], ['discover', 'Discover'], ['jcb', 'JCB'], ['diners_club', 'Diners Club']];

for (const [loc, , lang, region, ibanCc] of LOCALES) {
  const f = INST[loc];
  for (let i = 0; i < PER_LOCALE; i++) {
    const nm = f.person.fullName();
    // e-mail
    {
      let v = f.internet.email();
      const form = pick(['as generated', 'as generated', 'angle brackets', 'mailto', 'capitalised']);
      const ti = int(0, 4);
      let tpl = T.email[lang][ti];
      if (form === 'capitalised') v = v[0].toUpperCase() + v.slice(1).replace(/@(.)/, (m, c) => '@' + c.toUpperCase());
      if (form === 'angle brackets') tpl = tpl.replace('{v}', '<{v}>').replace('<<{v}>>', '<{v}>');
      if (form === 'mailto') tpl = tpl.replace('{v}', 'mailto:{v}');
      pii.push({ locale: loc, kind: 'email', sub: 'email', form, check: 'n/a', template: ti, text: fill(tpl, v, nm), values: [v] });
    }
    // phone
    {
      const form = pick(['as generated', 'national', 'E.164', 'digits only', 'with extension']);
      let v;
      if (form === 'as generated') v = f.phone.number();
      else if (form === 'E.164') v = f.phone.number({ style: 'international' });
      else if (form === 'digits only') v = f.phone.number({ style: 'national' }).replace(/\D/g, '');
      else v = f.phone.number({ style: 'national' });
      const ti = int(0, 4);
      let tpl = T.phone[lang][ti];
      if (form === 'with extension') tpl = tpl.replace('{v}', `{v} ${EXT[lang]} ${int(10, 999)}`);
      pii.push({ locale: loc, kind: 'phone', sub: 'phone', form, check: 'pending', region, template: ti, text: fill(tpl, v, nm), values: [v] });
    }
    // card
    {
      const [issuer, brand] = pick(BRANDS);
      const broken = fk.number.float() < 0.15;
      let d = f.finance.creditCardNumber(issuer).replace(/\D/g, '');
      if (broken) d = breakDigit(d, d.length - 1);
      const form = pick(['groups', 'compact', 'dashes']);
      const groups = d.length === 15 ? [4, 6, 5] : d.length === 14 ? [4, 6, 4] : null;
      const parts = [];
      if (groups) { let o = 0; for (const g of groups) { parts.push(d.slice(o, o + g)); o += g; } } else for (let o = 0; o < d.length; o += 4) parts.push(d.slice(o, o + 4));
      const v = form === 'compact' ? d : parts.join(form === 'groups' ? ' ' : '-');
      const ti = int(0, 4);
      add(loc, lang, 'card', brand, form, broken, ti, T.card[lang][ti], v, nm);
    }
    // IBAN (the US has none: en-US writers quote a GB or an IE one)
    {
      const cc = ibanCc || pick(['GB', 'IE']);
      const broken = fk.number.float() < 0.15;
      const c = ibanValue(f, cc, broken);
      const form = pick(['groups of four', 'groups of four', 'compact', 'lower case']);
      const v = form === 'compact' ? c : form === 'lower case' ? c.toLowerCase() : c.replace(/(.{4})/g, '$1 ').trim();
      const ti = int(0, 4);
      add(loc, lang, 'iban', 'iban', form, broken, ti, T.iban[lang][ti], v, nm);
    }
  }
}
for (const sub of Object.keys(T.national_id)) {
  const loc = ID_LOCALE[sub];
  const f = INST[loc];
  for (let i = 0; i < 50; i++) {
    const broken = fk.number.float() < 0.15;
    const parts = nationalId(sub, f, broken);
    let nm = f.person.fullName();
    let p = parts;
    if (sub === 'it_cf') { nm = parts[1]; p = [parts[0]]; }
    const forms = idForms(sub, p);
    const form = pick(Object.keys(forms));
    const ti = int(0, 4);
    add(loc, LOCALES.find((l) => l[0] === loc)[2], 'national_id', sub, form, broken, ti, T.national_id[sub][ti], forms[form], nm);
  }
}

// ---------------------------------------------------------------- benign, number-heavy, no PII
const luhn16 = (prefix) => { const body = prefix + digits(15 - prefix.length); return body + luhnDigit(body); };
const ean13 = (p12) => { const s = p12.split('').reduce((a, c, i) => a + Number(c) * (i % 2 ? 3 : 1), 0); return p12 + String((10 - (s % 10)) % 10); };
const imei = () => { const b = pick(['35', '86', '01']) + digits(12); return b + luhnDigit(b); };
const bsnLike = () => { for (;;) { const d = String(int(1, 6)) + digits(7); const l = d.split('').reduce((a, c, i) => a + Number(c) * (9 - i), 0) % 11; if (l < 10) return d + l; } };
const hex = (n) => fk.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });
const price = (lo, hi) => (int(lo * 100, hi * 100) / 100).toFixed(2);
const ip = () => `${int(10, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
const hhmm = () => `${pad(int(6, 22), 2)}:${pad(int(0, 11) * 5, 2)}`;
const date = () => `${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.${int(2019, 2027)}`;
const BENIGN = {
  order_number: [
    ['en', () => `Your order #${digits(9)} has shipped and should arrive by ${int(2, 28)} March.`],
    ['de', () => `Bestellnummer ${int(100, 999)}-${digits(7)}-${digits(7)}: Lieferung voraussichtlich am ${date()}.`],
    ['fr', () => `Votre commande n° ${digits(10)} a été expédiée.`],
    ['es', () => `Pedido ${digits(8)} confirmado, importe ${price(10, 500)} €.`],
    ['pl', () => `Zamówienie nr ${digits(11)} zostało wysłane.`],
  ],
  invoice_number: [
    ['en', () => `Invoice INV-${int(2019, 2027)}-${digits(6)} is due on ${int(1, 28)}/${int(1, 12)}.`],
    ['de', () => `Rechnung Nr. ${digits(10)} vom ${date()} über ${price(50, 5000)} EUR.`],
    ['it', () => `Fattura n. ${int(1, 999)}/${int(2019, 2027)} del ${date()}, totale ${price(20, 900)} euro.`],
    ['nl', () => `Factuurnummer ${digits(11)} staat nog open.`],
    ['pt', () => `Fatura FT ${int(2019, 2027)}/${digits(5)} paga em ${date()}.`],
  ],
  customer_number: [
    ['en', () => `Customer number ${digits(10)} — please quote it when you call.`],
    ['de', () => `Ihre Kundennummer lautet ${digits(9)}.`],
    ['fr', () => `Numéro client : ${digits(11)}`],
    ['es', () => `Su número de cliente es el ${digits(10)}.`],
    ['nl', () => `Klantnummer ${digits(9)}, graag vermelden bij betaling.`],
  ],
  member_loyalty: [
    ['en', () => `Loyalty card number ${digits(13)} now has ${int(100, 9999)} points.`],
    ['de', () => `Mitgliedsnummer ${digits(8)}, Mitglied seit ${int(1990, 2025)}.`],
    ['fr', () => `Carte de fidélité n° ${digits(12)} : ${int(10, 900)} points cumulés.`],
    ['it', () => `Tessera socio numero ${digits(9)} rinnovata fino al ${int(2026, 2030)}.`],
    ['pl', () => `Numer karty lojalnościowej ${digits(13)}, saldo ${int(10, 2000)} pkt.`],
  ],
  contract_number: [
    ['en', () => `Contract no. ${digits(10)} renews on ${int(1, 28)} ${pick(['May', 'June', 'July'])} ${int(2026, 2029)}.`],
    ['de', () => `Vertragsnummer ${digits(11)}, Laufzeit ${int(12, 36)} Monate.`],
    ['es', () => `Número de contrato ${digits(9)} firmado el ${date()}.`],
    ['pt', () => `Contrato n.º ${digits(10)}, fidelização de ${int(12, 24)} meses.`],
    ['nl', () => `Contractnummer ${digits(10)} loopt af op ${date()}.`],
  ],
  policy_number: [
    ['en', () => `Policy number ${pick(['PL', 'HX', 'MT'])}${digits(9)} covers contents up to £${int(10, 90)},000.`],
    ['de', () => `Versicherungsscheinnummer ${digits(10)}, Selbstbeteiligung ${int(150, 1000)} €.`],
    ['fr', () => `Contrat d'assurance n° ${digits(11)}, franchise de ${int(100, 800)} €.`],
    ['it', () => `Polizza n. ${digits(10)} in scadenza il ${date()}.`],
    ['es', () => `Póliza ${digits(12)}, franquicia ${int(100, 600)} €.`],
  ],
  case_ticket: [
    ['en', () => `Ticket #${digits(7)} was escalated to tier ${int(2, 3)}.`],
    ['de', () => `Vorgangsnummer ${digits(10)} – wir melden uns innerhalb von ${int(2, 5)} Werktagen.`],
    ['fr', () => `Dossier n° ${digits(9)} clôturé le ${date()}.`],
    ['nl', () => `Zaaknummer ${digits(11)} is in behandeling.`],
    ['pl', () => `Zgłoszenie nr ${digits(8)} zostało zamknięte.`],
  ],
  luhn16_non_card: [
    ['en', () => `Parcel reference ${luhn16(pick(['4', '51', '53', '55']))} (not a payment card) is at the depot.`],
    ['de', () => `Seriennummer des Zählers: ${luhn16(pick(['4', '52', '54']))}`],
    ['fr', () => `Référence de l'envoi : ${luhn16(pick(['4', '51', '55']))}`],
    ['es', () => `Número de expediente ${luhn16(pick(['4', '53']))}, en trámite.`],
    ['it', () => `Codice pratica ${luhn16(pick(['4', '52']))} registrato ieri.`],
    ['nl', () => `Meterserienummer ${luhn16(pick(['4', '54']))}`],
  ],
  phone_like_ref: [
    ['en', () => `Order number 0${pick(['7', '20'])}${digits(8)} was split into two parcels.`],
    ['de', () => `Kundennummer 0${pick(['30', '89', '171'])}${digits(7)}, bitte bei Rückfragen angeben.`],
    ['fr', () => `Numéro de commande 0${int(1, 7)}${digits(8)}`],
    ['nl', () => `Klantnummer 06${digits(8)} is gekoppeld aan uw account.`],
    ['es', () => `Número de pedido ${pick(['6', '9'])}${digits(8)}, entrega el ${date()}.`],
    ['it', () => `Numero d'ordine 3${digits(9)} evaso.`],
    ['pl', () => `Numer przesyłki ${pick(['5', '6', '7'])}${digits(8)} w doręczeniu.`],
  ],
  id_like_ref: [
    ['nl', () => `Artikelnummer ${bsnLike()} is weer op voorraad.`],
    ['en', () => `Part no. ${pad(int(100, 899), 3)}-${pad(int(10, 99), 2)}-${pad(int(1000, 9999), 4)} fits the 2019 model.`],
    ['de', () => `Belegnummer ${String(int(1, 9))}${digits(10)} wurde gebucht.`],
    ['fr', () => `Référence produit ${digits(13)}`],
    ['es', () => `Código de artículo ${digits(8)}-${pick(['A', 'B', 'C'])}, talla ${int(36, 46)}.`],
  ],
  tracking: [
    ['en', () => `Tracking number 1Z${fk.string.alphanumeric({ length: 16, casing: 'upper' })}`],
    ['de', () => `Sendungsnummer 00340434${digits(12)} – Zustellung morgen.`],
    ['en', () => `Royal Mail tracking ${fk.string.alpha({ length: 2, casing: 'upper' })}${digits(9)}GB`],
    ['fr', () => `Numéro de suivi : ${digits(13)}`],
    ['pl', () => `Numer śledzenia InPost: ${digits(24)}`],
  ],
  barcode_ean_isbn: [
    ['en', () => `ISBN ${(() => { const v = ean13('978' + digits(9)); return `${v.slice(0, 3)}-${v.slice(3, 4)}-${v.slice(4, 8)}-${v.slice(8, 12)}-${v.slice(12)}`; })()}`],
    ['de', () => `EAN ${ean13(pick(['400', '401', '402']) + digits(9))}, Inhalt ${int(100, 750)} ml.`],
    ['fr', () => `Code-barres ${ean13('3' + digits(11))} introuvable en caisse.`],
    ['it', () => `Codice EAN ${ean13('80' + digits(10))}`],
    ['es', () => `Código de barras ${ean13('84' + digits(10))}, lote ${digits(5)}.`],
  ],
  imei: [
    ['en', () => `IMEI ${imei()} is registered to the handset.`],
    ['de', () => `Geräte-IMEI: ${imei()}`],
    ['fr', () => `Numéro IMEI de l'appareil : ${imei()}`],
    ['pl', () => `IMEI telefonu: ${imei()}`],
  ],
  date: [
    ['en', () => `The meeting moved from ${int(1, 12)}/${int(1, 28)}/${int(2024, 2027)} to ${int(1, 12)}/${int(1, 28)}/${int(2024, 2027)}.`],
    ['de', () => `Termin am ${date()} um ${hhmm()} Uhr.`],
    ['fr', () => `Livraison prévue le ${date().replace(/\./g, '/')}.`],
    ['it', () => `Scadenza: ${int(2024, 2027)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`],
    ['pt', () => `Reunião adiada para ${date().replace(/\./g, '/')}.`],
  ],
  time: [
    ['en', () => `The train leaves at ${hhmm()} and arrives at ${hhmm()}.`],
    ['de', () => `Treffpunkt ${hhmm()} Uhr, Ende gegen ${hhmm()} Uhr.`],
    ['es', () => `La reunión es de ${hhmm()} a ${hhmm()}.`],
    ['nl', () => `Vertrek om ${hhmm()}, aankomst ${hhmm()}.`],
  ],
  timestamp: [
    ['en', () => `Log entry ${int(2024, 2026)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}.${digits(3)}Z: connection reset.`],
    ['en', () => `Unix time ${int(1600000000, 1800000000)} corresponds to the last backup.`],
    ['de', () => `Zeitstempel ${int(1600000000000, 1800000000000)} ms im Protokoll.`],
    ['fr', () => `Horodatage : ${date().replace(/\./g, '/')} ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`],
  ],
  price: [
    ['en', () => `Total: $${int(1, 9)},${digits(3)}.${digits(2)} including tax.`],
    ['de', () => `Der Preis beträgt ${int(1, 99)}.${digits(3)},${digits(2)} € inkl. MwSt.`],
    ['fr', () => `Montant TTC : ${int(1, 99)} ${digits(3)},${digits(2)} €`],
    ['pl', () => `Do zapłaty: ${int(1, 99)} ${digits(3)},${digits(2)} zł`],
    ['it', () => `Prezzo scontato ${price(5, 999).replace('.', ',')} € invece di ${price(5, 999).replace('.', ',')} €.`],
  ],
  version_build: [
    ['en', () => `Upgrade to version ${int(1, 20)}.${int(0, 40)}.${int(0, 200)} (build ${digits(8)}).`],
    ['de', () => `Firmware ${int(1, 9)}.${int(0, 99)}.${digits(4)} behebt den Fehler.`],
    ['fr', () => `Version ${int(1, 30)}.${int(0, 12)}, compilation ${int(2024, 2026)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}.${int(1, 9)}`],
    ['es', () => `Compilación ${digits(10)} disponible en el canal beta.`],
  ],
  ip_port: [
    ['en', () => `The server listens on ${ip()}:${int(1024, 65535)}.`],
    ['de', () => `Gateway ${ip()}, Subnetz ${ip()}/${int(8, 30)}.`],
    ['fr', () => `Adresse du serveur : ${ip()} port ${int(1024, 65535)}`],
    ['nl', () => `Verbinding met ${ip()}:${int(1024, 65535)} geweigerd.`],
  ],
  hash_uuid: [
    ['en', () => `Commit ${hex(40)} fixed the regression.`],
    ['en', () => `Request id ${fk.string.uuid()} timed out after ${int(1, 60)} s.`],
    ['de', () => `SHA-256-Prüfsumme: ${hex(64)}`],
    ['it', () => `ID transazione ${fk.string.uuid()} completato.`],
  ],
  postcode_address: [
    ['en', () => `The office is at ${int(1, 999)} ${pick(['Market', 'High', 'Main'])} Street, Suite ${int(100, 999)}, ${pick(['Boston, MA', 'Austin, TX'])} ${digits(5)}.`],
    ['de', () => `Lieferadresse: Hauptstraße ${int(1, 199)}, ${digits(5)} ${pick(['Berlin', 'Köln', 'Leipzig'])}`],
    ['fr', () => `${int(1, 150)} rue de la République, ${digits(5)} ${pick(['Lyon', 'Nantes'])}`],
    ['nl', () => `Postbus ${int(100, 9999)}, ${int(1000, 9999)} ${fk.string.alpha({ length: 2, casing: 'upper' })} ${pick(['Utrecht', 'Zwolle'])}`],
    ['pl', () => `ul. Długa ${int(1, 120)}/${int(1, 40)}, ${pad(int(0, 99), 2)}-${digits(3)} ${pick(['Kraków', 'Gdańsk'])}`],
  ],
  coordinates: [
    ['en', () => `Meet at ${(int(-9000000, 9000000) / 100000).toFixed(5)}, ${(int(-18000000, 18000000) / 100000).toFixed(5)}.`],
    ['de', () => `Koordinaten: ${int(47, 54)},${digits(6)} N ${int(6, 14)},${digits(6)} E`],
    ['es', () => `Ubicación: ${int(36, 43)}.${digits(4)}, -${int(1, 8)}.${digits(4)}`],
    ['it', () => `Coordinate GPS ${int(37, 46)}°${int(0, 59)}'${int(0, 59)}" N ${int(7, 18)}°${int(0, 59)}'${int(0, 59)}" E`],
  ],
  statistics: [
    ['en', () => `Revenue grew ${int(1, 40)}.${int(0, 9)}% to ${int(10, 999)},${digits(3)},${digits(3)} units in Q${int(1, 4)}.`],
    ['de', () => `Die Stadt hat ${int(10, 999)}.${digits(3)} Einwohner, ${int(1, 30)},${int(0, 9)} % mehr als ${int(2000, 2015)}.`],
    ['fr', () => `Le taux de participation était de ${int(30, 80)},${int(0, 9)} % sur ${int(1, 45)} ${digits(3)} ${digits(3)} inscrits.`],
    ['pt', () => `Foram registadas ${int(1, 99)} ${digits(3)} visitas em ${int(2020, 2026)}.`],
    ['pl', () => `W badaniu wzięło udział ${int(1000, 9999)} osób, z czego ${int(10, 90)}% to kobiety.`],
  ],
  measurements: [
    ['en', () => `The box measures ${int(10, 120)} x ${int(10, 80)} x ${int(5, 60)} cm and weighs ${int(1, 40)}.${int(0, 9)} kg.`],
    ['de', () => `Wohnfläche ${int(40, 200)},${int(0, 9)} m², Grundstück ${int(300, 2000)} m².`],
    ['nl', () => `Afstand ${int(1, 900)},${int(0, 9)} km, hoogteverschil ${int(10, 2000)} m.`],
    ['it', () => `Pressione ${int(100, 160)}/${int(60, 100)} mmHg, battito ${int(50, 100)}.`],
  ],
  opening_hours: [
    ['en', () => `Open Mon–Fri ${int(7, 9)}:00–${int(17, 20)}:30, Sat ${int(8, 10)}:00–${int(12, 16)}:00.`],
    ['de', () => `Öffnungszeiten: Mo–Fr ${int(7, 9)}–${int(17, 20)} Uhr, Sa ${int(8, 10)}–${int(12, 14)} Uhr`],
    ['fr', () => `Ouvert du lundi au vendredi de ${int(8, 10)} h à ${int(17, 19)} h ${pick(['00', '30'])}.`],
    ['es', () => `Horario: de ${int(8, 10)}:00 a ${int(13, 14)}:30 y de ${int(16, 17)}:00 a ${int(19, 21)}:00.`],
  ],
  bank_codes_no_account: [
    ['en', () => `Our sort code is ${pad(int(1, 99), 2)}-${pad(int(0, 99), 2)}-${pad(int(0, 99), 2)}; the account number follows by post.`],
    ['de', () => `Die Bankleitzahl ${digits(3)} ${digits(3)} ${digits(2)} gehört zur Sparkasse.`],
    ['fr', () => `Code banque ${digits(5)}, code guichet ${digits(5)}.`],
    ['en', () => `Routing number ${digits(9)} is for wires only.`],
  ],
  flight_train: [
    ['en', () => `Flight ${pick(['BA', 'EI', 'AA'])}${int(100, 9999)} departs from gate ${pick(['A', 'B', 'C'])}${int(1, 60)} at ${hhmm()}.`],
    ['de', () => `ICE ${int(100, 1999)} fällt aus, Ersatzzug ${int(10000, 99999)} ab Gleis ${int(1, 20)}.`],
    ['fr', () => `TGV ${int(6000, 9999)}, voiture ${int(1, 18)}, place ${int(1, 120)}.`],
    ['es', () => `Vuelo ${pick(['IB', 'VY'])}${int(1000, 9999)}, asiento ${int(1, 40)}${pick(['A', 'C', 'F'])}.`],
    ['pt', () => `Comboio Alfa Pendular ${int(100, 199)}, carruagem ${int(1, 6)}, lugar ${int(1, 80)}.`],
  ],
  scores_math: [
    ['en', () => `Final score ${int(0, 6)}–${int(0, 6)}; attendance ${int(10, 80)},${digits(3)}.`],
    ['de', () => { const a = int(100, 999), b = int(100, 999); return `Kopfrechnen: ${a} × ${b} = ${a * b}, Rest ${int(0, 9)}.`; }],
    ['it', () => `Risultato finale ${int(60, 120)}-${int(60, 120)} davanti a ${int(2, 19)} ${digits(3)} spettatori.`],
    ['pl', () => `Wynik ${int(0, 5)}:${int(0, 5)}, na stadionie ${int(10, 60)} ${digits(3)} kibiców.`],
  ],
  room_seat_page: [
    ['en', () => `See page ${int(1, 999)}, paragraph ${int(1, 40)}.${int(1, 9)}, room ${int(100, 999)}.`],
    ['de', () => `Raum ${int(1, 5)}.${pad(int(1, 99), 3)}, Sitzplatz ${int(1, 300)}, Reihe ${int(1, 40)}.`],
    ['nl', () => `Zie artikel ${int(1, 400)} lid ${int(1, 9)}, bladzijde ${int(1, 900)}.`],
    ['fr', () => `Salle ${int(100, 599)}, rang ${int(1, 30)}, siège ${int(1, 40)}.`],
  ],
};
const benign = [];
const PER_FAMILY = 30;
for (const fam of Object.keys(BENIGN)) {
  const tpls = BENIGN[fam];
  for (let i = 0; i < PER_FAMILY; i++) {
    const [lang, make] = tpls[i % tpls.length];
    benign.push({ family: fam, lang, text: make() });
  }
}

// ---------------------------------------------------------------- reference checks (validators only)
const REGION = Object.fromEntries(LOCALES.map((l) => [l[0], l[3]]));
const lines = pii.map((p) => JSON.stringify({ kind: p.kind, sub: p.sub, value: p.values[0], region: REGION[p.locale] })).join('\n') + '\n';
let answer;
try {
  answer = JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'bench', 'pii_reference_checks.py')], { input: lines, encoding: 'utf-8', maxBuffer: 1 << 26 }));
} catch (e) {
  console.error(`the reference checks (${PYTHON} bench/pii_reference_checks.py) failed: ${String(e.stderr || e.message).trim().split('\n').pop()}\nset PYTHON= to a Python with python-stdnum and phonenumbers`);
  process.exit(2);
}
const problems = [];
pii.forEach((p, i) => {
  const ok = answer.passes[i];
  if (p.kind === 'email') { p.check = 'n/a'; return; }
  if (p.kind === 'phone') { p.check = ok ? 'valid' : 'invalid'; delete p.region; return; }
  if ((p.check === 'valid') !== ok) problems.push(`${p.sub} ${JSON.stringify(p.values[0])}: built ${p.check}, reference check says ${ok}`);
  if (!p.text.includes(p.values[0])) problems.push(`value not in text: ${p.text}`);
});
if (problems.length) {
  console.error(`cross-check failed (${problems.length}):\n` + problems.slice(0, 20).join('\n'));
  process.exit(1);
}
const clean = pii.map(({ locale, kind, sub, form, check, template, text, values }) => ({ locale, kind, sub, form, check, template, text, values }));
const data = {
  source: '@faker-js/faker',
  source_version: VERSION,
  source_licence: 'MIT',
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: 'bench/make_pii_fakerjs.mjs',
  seed: SEED,
  locales: LOCALES.map((l) => l[0]),
  pii: clean,
  benign,
};
writeFileSync(OUT, JSON.stringify(data, null, 1) + '\n', 'utf-8');
const count = (xs, k) => xs.reduce((a, x) => ((a[x[k]] = (a[x[k]] || 0) + 1), a), {});
console.error(`wrote ${path.relative(ROOT, OUT)}: ${clean.length} PII records`, count(clean, 'kind'), `${benign.length} benign in ${Object.keys(BENIGN).length} families`);
