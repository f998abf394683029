"""The words before a number that say what it is, for the builtin PII engine (`pii.py`,
`pii_ids.py`): a Luhn-valid customer number is not a card, a 3-3-4 case number is not a
phone, nine loose digits after "order" are not an SSN, and (card mode, `nearest_labels`) a
library or transit card is not a payment card.

One module both detectors import (they could not share the sets while `pii.py` held them:
`pii_ids` is imported by `pii`).

The nearest label decides: in "card 4111 … (ref 12)" the card word is the nearest before
the card number, in "Ticket 7 reopened, see case 352-231-4115" the case word is. Labels are
read in the `CONTEXT` characters before a number, whole words only, lower-cased.

The lists are written from the languages the engine serves (en, de, fr, es, it, nl, pt,
pl): the usual names of the numbers businesses give out, their compounds (as prefixes:
``kunden…``, ``klant…``, ``bestel…``) and abbreviations (``Kd.-Nr.``, ``Az.``, ``rif.``).
Word sets and prefix tuples, not one regex of alternatives: a case-insensitive alternation
of 40 words costs ~10 µs per 40-character window, a set lookup per word well under one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Characters before a number where a word naming it counts.
CONTEXT = 40

# Numbers that are something else: an order, a customer, a case, a parcel, a product.
# Not the words a card number keeps company with: "account" (a card number is a primary
# account number; an IBAN needs no word), "file" ("Amex on file: 3782 …"), "transaction",
# "receipt", "confirmation", "payment".
_OTHER = frozenset({
    # en
    "order", "orders", "invoice", "ticket", "case", "reference", "ref",
    "customer", "client", "contract", "policy", "claim", "membership", "member",
    "loyalty", "tracking", "serial", "article", "item", "product", "booking", "reservation",
    "parcel", "shipment", "consignment", "sku", "imei",
    "part", "model", "batch", "lot", "build", "version", "barcode", "ean", "gtin", "upc",
    "isbn", "voucher", "coupon", "rma", "incident", "docket", "gift", "reward", "rewards",
    "bonus", "meter",
    # de
    "kd", "kdnr", "auftrag", "rechnung", "rg", "vertrag", "police", "vorgang", "aktenzeichen",
    "geschäftszeichen", "fall", "fallnummer", "fallnr", "referenz",
    "art", "zähler", "zaehler", "sendung", "paket", "artikel", "buchung", "beleg", "quittung",
    "reklamation", "anfrage",
    # fr
    "commande", "facture", "référence", "réf", "dossier", "contrat", "adhérent", "membre",
    "fidélité", "suivi", "colis", "envoi", "série", "réservation", "sinistre", "affaire",
    "réclamation",
    # es
    "pedido", "factura", "cliente", "referencia", "expediente", "póliza", "poliza", "socio",
    "afiliado", "seguimiento", "envío", "envio", "paquete", "serie", "artículo", "articulo",
    "caso", "reserva", "incidencia", "localizador", "albarán", "albaran", "solicitud",
    "reclamación", "reclamacion",
    # it
    "ordine", "fattura", "riferimento", "rif", "pratica", "contratto", "polizza",
    "spedizione", "tracciamento", "pacco", "seriale", "matricola", "articolo",
    "prenotazione", "sinistro", "fedeltà", "richiesta", "reclamo",
    # nl
    "bestelling", "factuur", "referentie", "kenmerk", "polis", "lidmaatschap", "zending",
    "pakket", "zaak", "reservering", "boeking", "schade", "aanvraag", "reclamatie",
    # pt
    "encomenda", "fatura", "referência", "processo", "contrato", "apólice", "apolice",
    "sócio", "rastreio", "rastreamento", "pacote", "artigo", "bilhete",
    "reclamação", "reclamacao",
    # pl
    "sygnatura", "sygn", "akt", "akta", "artykuł", "wniosek", "wniosku", "reklamacja",
    "reklamacji",
    # The classes of numbers people write that are nobody's card, phone or id, by class,
    # in the eight languages (issue #17: each blind corpus brought a class the lists
    # lacked: gift cards, meters, support tickets). Gift cards, vouchers, coupons, credit:
    "giftcard", "egift", "promo", "discount", "redeem", "redemption", "stamp", "points",
    "geschenk", "rabatt", "prämie", "praemie", "payback", "treuepunkte",
    "cadeau", "bon", "avoir", "réduction", "remise", "promotionnel",
    "regalo", "vale", "cupón", "cupon", "descuento", "promoción", "promocion",
    "buono", "sconto", "omaggio", "punti", "premio", "tessera",
    "tegoed", "waardebon", "korting", "spaarpunten", "punten",
    "presente", "oferta", "cupão", "cupao", "cupom", "desconto", "pontos",
    "store", "achat", "compras", "puntos", "camera", "stałego", "stalego",
    "kupon", "podarunkowa", "podarunkowy", "upominkowa", "punkty",
    # Tickets, bookings, seats, rooms, queues, subscriptions
    "boarding", "pnr", "seat", "row", "room", "gate", "queue", "platform", "cabin",
    "locker", "table", "subscription", "subscriber", "task", "issue", "request",
    "warranty", "licence", "license", "asset", "waybill", "awb", "shipping",
    "eintrittskarte", "fahrkarte", "platz", "sitz", "zimmer", "gleis", "abo", "abonnement",
    "billet", "siège", "siege", "chambre", "guichet", "abonné", "abonne", "carnet",
    "billete", "entrada", "asiento", "habitación", "habitacion", "turno", "abonado",
    "biglietto", "posto", "stanza", "abbonamento", "abbonato",
    "kaartje", "stoel", "kamer", "wachtrij", "abonnee",
    "senha", "lugar", "quarto", "assinatura", "assinante",
    "bilet", "biletu", "miejsce", "pokój", "pokoj", "abonament", "abonenta", "kolejka",
    # Meters, serials, devices, vehicles
    "mpan", "mprn", "vin", "chassis", "device", "compteur", "contador", "contatore",
    "licznik", "licznika", "medidor", "telaio", "bastidor", "châssis", "chassi",
    "meterstand", "fahrgestell",
    # A serial number abbreviated (issue #17, the fifteenth corpus: "Gerät mit Ser.-Nr.
    # 0594-5609-5711 defekt.", read as a dashed phone): "Serien-Nr.", "S/N", "SN:"; "Ser."
    # only before a number word (`_SER`: Spanish and Portuguese "ser" is "to be").
    "serien", "sn",
    # One-time codes and PINs are not a person's number either
    "otp", "passcode",
    # Timestamps
    "ts", "timestamp", "epoch", "unix", "zeitstempel", "horodatage", "tijdstempel",
    # Medical records and laboratory samples
    "mrn",
    "lab", "sample", "specimen", "échantillon", "echantillon", "muestra", "campione",
    "amostra", "próbka", "probka", "probe",
    # Luggage: bag tags and an airline's lost-baggage file (issue #17, the eighth corpus:
    # "bag tag 0074049772", "Gepäckschein 0220 150622"); compounds below
    "bag", "bags", "pir", "equipaje", "kwit",
    # A company's registration and tax numbers, named as such (issue #17, the twelfth
    # corpus: "SIRET 643 269 426 24307", 14 digits that pass Luhn by design, read as a
    # card): France's SIRET/SIREN/RCS/APE, the Netherlands' KvK, Germany's HRB/HRA and
    # USt-IdNr., Italy's Partita IVA, Spain's CIF/NIF, Portugal's NIPC, Brazil's CNPJ,
    # Poland's NIP/REGON/KRS, Belgium's KBO, a VAT/TVA/BTW number, Australia's ABN.
    # (Not Brazil's CPF: a person's.)
    "siret", "siren", "rcs", "ape", "naf", "kvk", "hrb", "hra", "handelsregister", "ust",
    "ustid", "iva", "piva", "partita", "cif", "nif", "nipc", "cnpj", "nip", "regon", "krs",
    "kbo", "vat", "tva", "btw", "abn",
    # An insurance claim, in the eight languages (issue #17, the thirteenth corpus:
    # "siniestro 72/3960362", "szkoda nr 66/4128731", read as slashed phones; "claim",
    # "sinistre", "sinistro", "schade", "Police", "póliza" … were already here):
    "claims", "siniestro", "siniestros", "sinistres", "sinistros", "szkoda", "szkody",
    "szkodę", "szkode", "schaden", "schadens", "schadensfall", "schadenfall", "schadefall",
    "schadegeval", "polisa", "polisy", "polizze", "pólizas", "polizas", "apólices",
    # Meeting passcodes and PINs (the meeting's own number: `_NEEDS_NUMBER`)
    "kenncode", "kennwort", "passwort", "password", "zugangscode", "toegangscode",
    "wachtwoord", "hasło", "haslo", "contraseña", "contrasena", "pin",
})  # fmt: skip
# Compounds and inflections: Kundennummer, Bestellnr, Artikelnummer, klantnummer,
# referentienummer, numer klienta, sprawy, zamówienia …
_OTHER_PREFIXES = (
    # de
    "kunde", "bestell", "auftrags", "rechnungs", "vertrags", "vorgangs", "referen",
    "sendungs", "paketn", "artikeln", "serienn", "mitglied", "buchungs", "reservierungs",
    "policen", "versicherungsschein", "tracking", "ticket", "fallnummer", "fallnr",
    # nl
    "klant", "bestel", "factuur", "polisn", "lidnummer", "lidmaatschap", "ordernummer",
    "zaaknummer", "dossiernummer", "serienr", "contractnummer", "zending", "pakket",
    "volgnummer",
    # pt, es
    "referê",
    # pl
    "klient", "zamówie", "zamowie", "faktur", "spraw", "umow", "polis", "przesył",
    "przesyl", "paczk", "seryjn", "zgłosze", "zglosze", "rezerwac",
    # gift cards, vouchers, loyalty, tickets in compounds: Gutscheincode, Geschenkkarte,
    # cadeaukaart, cadeaubon, tegoedbon, kortingscode, Treuekarte, bonuskaart, spaarkaart,
    # giftcard, Kundenkarte (``kunde``), karta lojalnościowa, Zählerstand …
    "gutschein", "geschenk", "treue", "bonus", "rabatt", "cadeau", "tegoed", "waardebon",
    "korting", "spaar", "rabat", "gift", "voucher", "coupon", "loyalt", "podarunk", "lojalnoś",
    "lojalnos", "upominkow", "zähler", "zaehler", "eintritt", "fahrkart", "kaartje",
    "abonnement", "fidélis", "fidelis", "fideliz", "fidelid", "billet", "bilhete", "biglietti",
    # luggage: Gepäckschein, Gepäckabschnitt, luggage/baggage tag, étiquette bagage,
    # bagagelabel, etiqueta de bagagem, talloncino bagaglio, kwit bagażowy
    "gepäck", "gepaeck", "luggage", "baggage", "bagag", "talloncin", "bagaż", "bagaz",
)  # fmt: skip

# Words that call a number a payment card.
_CARD = frozenset({
    "card", "cards", "credit", "debit", "visa", "mastercard", "amex", "maestro", "cc",
    "pan", "carte", "cb", "tarjeta", "carta", "cartão", "cartao", "kaart", "pinpas",
    "girocard", "ec",
})  # fmt: skip
_CARD_PREFIXES = (
    "kreditkart", "karte", "kart", "kaart", "creditcard", "debitcard", "bankkaart", "pasnummer",
    "bankpas",
)  # fmt: skip

# Which card a card word names (issue #17: library and transit cards in the sixth corpus).
# A card word names a payment card when it stands bare ("card 4111 …", "meine Karte"),
# qualified by a payment word ("credit card", "carte bancaire") or by any word not below;
# not when a qualifier names one of the card classes that never pay: the card's kind right
# before it ("library card", "SIM-Karte", "OV-kaart"), right after it ("karta miejska"), or
# after it with "of" words between ("carte de bibliothèque", "tessera dei trasporti"). A
# deny-list of classes here, not a list of payment words: in English and the Romance
# languages a real card is named with an open set of words (bank names, "gold", "company",
# "my new", "virtual", "rewards" …), and a payment card missed is a leak, where a library
# card redacted is an extra "[CARD]". Stems, so one covers its languages and inflections
# ("bibliot": biblioteca, bibliothèque, Bibliothek, biblioteczna).
_NOT_PAYMENT = frozenset({
    "id", "sim", "esim", "puk", "key", "ov", "bus", "tram", "pass", "badge", "nhs", "ehic",
    "ekuz", "nfz", "vitale", "uni", "park", "hotel", "club", "pool", "ski", "lid", "visitor",
    "guest", "voter", "donor", "press", "senior", "youth", "jeune", "joven", "navigo",
    "oyster", "utente", "cidadão", "cidadao", "branch", "loja", "winkel", "speicher", "sante",
    "clé", "door", "zimmer", "bürger", "staff", "schule", "schüler", "schueler", "gym", "sport",
    "station",
})  # fmt: skip
# Stems of at least four letters, none the start of a common name (not "park": Park; not
# "medic": Medici; not "clé": Clément): a stem alone before the number names it too.
_NOT_PAYMENT_PREFIXES = (
    # library, transit and travel
    "librar", "bibliot", "transit", "transport", "trasport", "metro", "métro", "travel",
    "railcard", "railway", "trein", "öpnv", "oepnv", "commut", "pendler", "miejsk", "abono",
    "abbonament", "embarque", "imbarco", "pokład", "poklad",
    # students, schools, staff, employees
    "student", "studenc", "estudiant", "estudant", "étudiant", "etudiant", "legitym",
    "school", "escolar", "scolair", "universit", "campus", "alumn", "aluno", "employ",
    "mitarbeiter", "empleado", "dipendent", "medewerker", "personeel", "funcionári",
    "funcionari", "pracowni", "dienst", "profession",
    # identity, residence, access and keys
    "identi", "identy", "citizen", "residen", "séjour", "sejour", "aufenthalt", "pobyt",
    "access", "accès", "acces", "acceso", "accesso", "acesso", "zutritt", "zugang", "toegang",
    "dostęp", "dostep", "keycard", "schlüssel", "schluessel", "llave", "chiave", "sleutel",
    "klucz", "permit", "genehmigung", "permis", "permiso", "permesso", "vergunning",
    "pozwoleni",
    # health and insurance
    "insur", "health", "medical", "medicare", "patient", "patiënt", "paciente", "pazient",
    "pacjent", "versicher", "gesundheit", "kranken", "seguro", "sanitari", "salud", "santé",
    "assur", "assicur", "sanità", "zorgpas", "verzeker", "saúde", "saude", "ubezpiecz",
    "zdrow", "mutuel", "maladie", "pharma", "farmac", "apothek", "prescri", "vaccin", "impf",
    # parking, gyms and clubs, members and loyalty
    "parking", "parcheggi", "parkeer", "aparcamiento", "stationnement", "estacionamento",
    "gymnas", "fitness", "sportschool", "palestr", "gimnas", "ginásio", "ginasio", "siłown",
    "silown", "member", "membre", "miembro", "membro", "leden", "fidélit", "fidelit",
    "fideliz", "fidelid", "loyalt", "lojal", "museum", "musée", "museo",
    # places: depots, warehouses, branches, shops, terminals
    "depot", "dépôt", "warehouse", "entrepôt", "entrepot", "almacén", "almacen", "magazzin",
    "magazijn", "armazém", "armazem", "magazyn", "filiale", "filial", "sucursal", "terminal",
    "tienda", "negozio", "sklep", "magasin",
    # lotteries and games, phone cards, hardware
    "lotter", "lotto", "lotería", "loteria", "raffle", "scratch", "bingo", "calling",
    "memory", "graphic", "network",
)  # fmt: skip
# Nouns for a card or pass that never pays: the thing itself ("Bibliotheksausweis",
# "Carné de biblioteca", "Passe de transportes", "legitymacja studencka").
_PASS_NOUNS = frozenset({"pass", "badge", "carné", "passe", "abono"})
_PASS_STEMS = ("ausweis", "legitymacj", "badge")  # Ausweisnummer, legitymacji
# A compound ending in a card word ("Bibliotheksausweis", "bibliotheekpas", "Bahncard",
# "keycard", "ov-chipkaart") is a payment card only when its stem is a payment word: a
# German or Dutch compound names its kind in its stem, and the payment ones are few.
_CARD_ENDS = ("karte", "karten", "kaart", "kaarten", "card", "pas", "ausweis")
_PAYMENT_STEMS = (
    "kredit", "credit", "debit", "debet", "bank", "giro", "pin", "betaal", "zahl", "geld",
    "visa", "master", "maestro", "amex", "barclay", "prepaid", "charge", "ersatz", "zusatz",
    "partner", "zweit", "haupt", "firmen", "gold", "platin", "virtu",
)  # fmt: skip
# Inside a longer stem too: "Firmenkreditkarte", "Reisebankkarte".
_PAYMENT_INSIDE = ("kredit", "credit", "debit", "bank", "visa", "master", "maestro")
# What may stand between a card word and its kind after it: "carte de la bibliothèque",
# "tessera dei trasporti", "cartão do ginásio", "card of the library".
_OF = frozenset({
    "de", "di", "da", "do", "du", "des", "del", "della", "dello", "dei", "degli", "delle",
    "dos", "das", "d", "l", "la", "le", "el", "van", "het", "der", "den", "of", "the", "for",
    "dell", "dall",
})  # fmt: skip

# Words that call a number a telephone number, in the languages the rules cover.
_PHONE = frozenset({
    # en
    "phone", "phones", "telephone", "tel", "call", "ring", "mobile", "cell", "cellphone",
    "reach", "fax", "whatsapp", "sms", "text", "dial", "contact", "landline",
    # de
    "ruf", "handy", "mobil", "festnetz",
    # fr
    "téléphone", "tél", "portable", "joindre", "fixe",
    # es
    "móvil", "movil", "celular",
    # it
    "cellulare",
    # nl
    "bel", "bellen", "belt", "gsm",
    # pt
    "ligue", "ligar", "liguem", "telemóvel", "telemovel",
    # Abbreviations (es tlf., tfno.), a call back, a phone answered or a bell rung, in the
    # eight languages (issue #17: "Falls keiner abnimmt,
    # probier es unter …", "sonnez au 06 …", "Bei Nichtantreffen bitte 0650… klingeln").
    "tlf", "tfno", "telf", "tlfno", "callback",
    "abnimmt", "abheben", "klingeln", "répond", "répondez", "sonnez", "sonner",
    "contesta", "contestan", "atender", "atende", "risponde", "rispondono", "opneemt",
    "opnemen", "aanbellen",
    # Being reachable, and the chat apps' short names (issue #17, the twelfth corpus: "Per
    # urgenze sono reperibile al 342-5803768", "whats 969136059 me chama lá", "Bei Fragen
    # gerne unter 0662365018 melden"): "melden"/"meld" is German and Dutch for getting in
    # touch ("melde dich unter …", "meld je op …").
    "reachable", "reperibile", "reperibili", "localizable", "localizables", "contactable",
    "contactables", "contactável", "contactavel", "whats", "whatsap", "wpp", "zap",
    "melden", "melde", "meldet", "meld",
})  # fmt: skip
# Telefonnummer, telefoonnummer, teléfono, telefone, Handynummer, anrufen, rappelez,
# llámeme, chiamami, bereiken, erreichen, contactarme, zadzwoń, komórka …
_PHONE_PREFIXES = (
    "phone", "telephon", "téléphon", "telefon", "teléfon", "telefoon", "handy", "mobilnummer",
    "mobiel", "anruf", "rufen", "rufnummer", "zurückruf", "erreich", "appel", "rappel",
    "joign", "llam", "llám", "contact", "chiam", "contatt", "raggiung", "bereik", "zadzwo",
    "dzwon", "komórk", "komork", "kontakt", "kundenservice", "kundendienst", "klantenservice",
    # a call back and a line's kind in compounds (Rückrufnummer, Festnetznummer,
    # Mobilfunknummer, Notrufnummer, terugbellen, richiamare, oddzwonić, ligação)
    "rückruf", "rueckruf", "festnetz", "mobilfunk", "notruf", "terugbel", "richiam", "oddzwo",
    "ligaç", "ligac",
)  # fmt: skip
# "my number", "mon numéro", "mijn nummer", "o meu número": a person giving a number
# as theirs means a telephone number.
_NUMBER = frozenset({"number", "numéro", "numero", "número", "nummer", "numer", "numerem"})
# "the number", "al numero", "op het nummer", "pod numerem": a number named by nothing
# but its article is the one a person rings (a count is "the number of …", an order's
# "the order number": another word stands before it).
_THE = frozenset({
    "the", "this", "that", "le", "ce", "au", "el", "al", "este", "il", "questo", "het",
    "dit", "dat", "die", "der", "o", "pod", "na", "no", "ao", "pelo", "nel", "allo",
})  # fmt: skip
# Asking for a person at a number ("Vraag naar Ilse op 0208350922", "pregunta por Javier en
# el 735 989 063", "fala com o Fernanda: 227 776 798", "frag nach Sabine", "ask for Niven",
# "chiedi di Marco", "demandez Paul au …", "zapytaj o Annę"; issue #17, the twelfth corpus):
# the number is the line the person answers. The verb, then its preposition (`_ASK`'s
# value; "" for a verb with none): the preposition is the label.
_ASK = {
    "vraag": "naar", "vraagt": "naar", "vragen": "naar", "pregunta": "por", "pregunte": "por",
    "preguntar": "por", "preguntad": "por", "pergunta": "por", "pergunte": "por",
    "perguntar": "por", "fala": "com", "fale": "com", "falar": "com", "ask": "for",
    "frag": "nach", "fragen": "nach", "fragt": "nach", "chiedi": "di", "chieda": "di",
    "chiedere": "di", "zapytaj": "o", "zapytać": "o", "spytaj": "o", "demandez": "",
}  # fmt: skip
# Being at a number, in the eight languages: "jestem pod …", "dostępny pod …" (Polish, with
# no noun: "pod numerem" is `_THE`'s); "estoy en el 718387081 toda la tarde", "sono al
# 0118801086 fino alle 19", "tô no 92 256 92 40 o dia todo" (issue #17, the thirteenth
# corpus), "je suis au …", "dispo au …", "ik ben op …", "ich bin unter …", "I'm on …",
# "available at …". A first person of "to be" (or "available", "free") then the
# preposition (and its article: "en el"), right before the number (`_BE_AT`: the
# preposition, and the words that may stand before it). "I'm at 5" is no phone: the
# digits must still be a valid number in a region.
_AT_PL = frozenset({"jestem", "jesteśmy", "dostępny", "dostępna", "dostępni", "osiągalny"})
_BE = frozenset({
    "m", "am", "re", "be", "available", "free",
    "bin", "sind", "verfügbar", "verfuegbar",
    "suis", "sommes", "serai", "dispo", "dispos", "disponible", "disponibles", "libre",
    "estoy", "estamos", "estaré", "estare",
    "sono", "siamo", "sarò", "saro", "disponibile", "disponibili", "libero", "libera",
    "ben", "zijn", "beschikbaar",
    "estou", "tô", "estarei", "fico", "disponível", "disponivel",
}) | _AT_PL  # fmt: skip
_BE_AT: dict[str, frozenset[str]] = {
    **dict.fromkeys(("on", "at", "unter", "au", "al", "op", "no", "pod"), _BE),
    "el": frozenset({"en"}),  # "estoy en el …"
    "en": _BE,  # "estoy en 718 …"
}
# Returning a call, in Portuguese (issue #17, the fourteenth corpus: "Beatriz Papke ligou,
# retornar para 226 580 348"): "retornar" alone is returning anything, so only with its
# preposition right before the number. The other languages' call back is a phone word
# already (callback, zurückrufen, rappeler, richiamare, terugbellen, oddzwonić).
_RETURN = frozenset({"retornar", "retorne", "retornem", "retorna", "retornando"})
_BACK_TO = frozenset({"para", "pra", "no", "ao"})
# Being found at a number, in Spanish (the fourteenth corpus: "Me puede localizar en el 81
# 9796 0338 por las mañanas"): "localizar" with "me"/"nos" (one finds an order too:
# "localizar el pedido"); its forms with the pronoun attached alone. Not a stem:
# "localizador" is a booking's reference.
_LOCATE = frozenset({
    "localizar", "localizarme", "localízame", "localizame", "localizarnos", "localícenos",
    "localicenos", "localíceme", "localiceme",
})  # fmt: skip
_COUNT_OF = frozenset({
    "of", "de", "di", "van", "der", "do", "da", "du", "des", "del", "della", "dei", "von",
    "dos", "das", "for", "per",
})  # fmt: skip
# Possessives: a person's own number, mine or another's ("his number is …", "sein
# Nummer", "son numéro", "su número", "il suo numero", "zijn nummer", "o seu número",
# "jego numer"; the eighth corpus). "Your" too (Ihre, votre, uw …): "your number" is the
# one the service rings back (`_THEIRS`, as `_THE`: not "his number of …"). "Ihre
# Kundennummer", "su número de pedido" stay other numbers: the compound is no `_NUMBER`
# word, and a later other-number word wins.
_MINE = frozenset({
    "my", "our", "mon", "notre", "mi", "nuestro", "mio", "nostro", "meu", "nosso", "mijn",
    "ons", "onze", "mein", "meine", "meiner", "unsere", "mój", "moj", "nasz",
})  # fmt: skip
_THEIRS = frozenset({
    "his", "her", "their", "your", "sein", "seine", "seiner", "ihre", "ihr", "ihrer", "dein",
    "deine", "son", "sa", "leur", "votre", "ton", "su", "sus", "suo", "sua", "loro", "tuo",
    "vostro", "tu", "zijn", "haar", "hun", "uw", "je", "jouw", "seu", "dele", "dela",
    "teu", "vosso", "jego", "jej", "ich", "twój", "twoj", "wasz",
})  # fmt: skip

# What may stand between an other-number word and its number: "order number is 0361…",
# "Référence du dossier n° …", "Ihre Kundennummer: …". Any other word ends the label, so
# "call our customer service on 0800 …" and "in case of emergency: +44 …" are phones.
_NUMBER_ABBR = _NUMBER | frozenset({
    "no", "nr", "n", "nº", "núm", "num", "nro", "nos", "id", "code", "codice", "código",
    "codigo", "kod",
})  # fmt: skip
_FILLER = _NUMBER_ABBR | frozenset({
    "is", "it", "was", "ist", "lautet", "est", "es", "è", "é", "jest", "the", "your", "of", "ihre",
    "ihr", "votre", "du", "de", "des", "su", "del", "el", "la", "le", "il", "di", "do", "da",
    "uw", "je", "van", "het", "o", "a", "à", "twój", "twoj", "pana", "pani", "please",
    "bitte", "svp", "por", "favor", "per", "favore", "alstublieft", "aub", "proszę", "prosze",
})  # fmt: skip
# Labels only with a number word beside them: a person ("the customer read out 4111 …"
# is a card, "Customer number 4111 …" is not).
_PERSON = frozenset({
    "customer", "client", "member", "cliente", "klient", "klienta", "kunde", "kunden",
    "klant", "membre", "adhérent", "socio", "sócio", "afiliado", "mitglied",
})  # fmt: skip
# A meeting or conference and a company: labels only with a number word beside them,
# as a person (issue #17, the twelfth corpus: "Meeting-ID 724 370 9295", "ID riunione
# 810 695 7249", "ID da reunião: 701 322 7044", read as US and Italian phones). Alone
# they are events and firms ("call me after the meeting: 0612 …").
_MEETING = frozenset({
    "meeting", "webinar", "conference", "konferenz", "besprechung", "besprechungs",
    "réunion", "reunion", "reunión", "riunione", "reunião", "reuniao", "vergadering",
    "vergader", "spotkania", "spotkanie", "konferencji", "conferenza", "conferencia",
    "conferência", "zoom", "teams", "webex", "company", "entreprise",
    "société", "societe", "empresa", "impresa", "azienda", "società", "bedrijf", "firma",
    "spółki", "spolki",
})  # fmt: skip
_NEEDS_NUMBER = _PERSON | _MEETING
# A serial number's abbreviation, a label only before a number word ("Ser.-Nr.", "Ser.
# No."): "ser" is also Spanish and Portuguese for "to be". "S/N" is "s" then "n" only:
# "the deceased's ID number" is a person's.
_SER = {"ser": _NUMBER_ABBR, "s": frozenset({"n"})}
# Labels only right before the number (fillers between): "caso" is a case in Spanish and
# Italian ("ver caso 225-261-2483") but also "if" in Portuguese ("Ligue-me caso precise:
# 912 …").
_TIGHT = frozenset({"caso"})
# "in case of emergency", "in that case", "im Fall eines …", "auf jeden Fall": an idiom,
# not a case number.
_CASE = frozenset({"case", "caso", "fall"})
_CASE_IDIOM = frozenset({
    "in", "en", "em", "no", "nel", "im", "that", "this", "which", "any", "each", "either",
    "such", "ese", "este", "esse", "nesse", "neste", "questo", "diesem", "jeden",
})  # fmt: skip
# A customer service: "servicio al cliente", "service client", "obsługa klienta" …
_SERVICE = frozenset({
    "service", "servicio", "servizio", "serviço", "servico", "atendimento", "obsługa",
    "obsluga", "support", "assistance", "assistenza", "asistencia", "assistência",
    "helpdesk", "hotline", "dienst",
})  # fmt: skip

_SSN = frozenset({"ssn", "social", "security"})

_WORD = re.compile(r"\w+")


def words_before(text: str, start: int) -> list[str]:
    """The whole words (lower case) in the `CONTEXT` characters before `start`, not the
    tail of one cut at the window's edge. One `findall` over the lower-cased window:
    about half the cost of a match object per word (number-heavy text asks ~40 times per
    4 kB)."""
    lo = max(0, start - CONTEXT)
    words = _WORD.findall(text[lo:start].lower())
    if words and lo > 0 and _WORD.match(text, lo - 1) and _WORD.match(text, lo):
        del words[0]
    return words


# Dutch and German name a number by compounding: Meterserienummer, Zählernummer,
# Vertragsnr … Any compound ending so is another number's name, unless its stem holds a
# part naming one of a person's own numbers: a telephone (Faxnummer, Mobiltelefonnummer,
# gsmnummer), a card (Kartennummer), a state identifier (Steuernummer,
# Sozialversicherungsnummer, Ausweisnummer) or an account (Kontonummer: a card number is a
# primary account number).
_COMPOUND_ENDS = ("nummer", "nr")
_PERSONAL_PARTS = (
    "tel", "fon", "phon", "fax", "mobil", "handy", "gsm", "ruf", "whatsapp", "kart", "kaart",
    "card", "steuer", "identifikation", "identit", "burgerservice", "sofi", "sozial",
    "versicherten", "renten", "ausweis", "pass", "paspoort", "persoon", "personal", "konto",
    "rekening", "iban", "bsn", "bank", "pin", "festnetz",
)  # fmt: skip


# "Kennnummer" alone (an identifying number, "persönliche Kennnummer" on a form: the
# ninth corpus's Steuer-IDs) names no kind of number: neither another number nor a
# person's own. Its compounds still name one ("Kundenkennnummer": a customer's).
_GENERIC_STEMS = frozenset({"kenn"})


def _other_compound(w: str) -> bool:
    """``…nummer``/``…nr`` compounds (at least three letters before the ending) whose stem
    names none of a person's own numbers (`_PERSONAL_PARTS`) and is not only "Kenn"."""
    stem = w[:-6] if w.endswith("nummer") else w[:-2]
    return (
        len(stem) >= 3
        and stem not in _GENERIC_STEMS
        and not any(part in stem for part in _PERSONAL_PARTS)
    )


def is_other_word(w: str) -> bool:
    """`w` (lower case) calls a number an order, customer, case, parcel … number."""
    return (
        w in _OTHER
        or w in _MEETING
        or w.startswith(_OTHER_PREFIXES)
        or (w.endswith(_COMPOUND_ENDS) and _other_compound(w))
    )


def is_card_word(w: str) -> bool:
    """`w` calls a number a payment card (not ``kaartje``: a Dutch ticket)."""
    return (w in _CARD or w.startswith(_CARD_PREFIXES)) and not w.startswith("kaartje")


def _card_compound(w: str) -> str | None:
    """The stem of a compound ending in a card word (``bibliotheks`` of
    "bibliotheksausweis", ``chip`` of "chipkaart"), a ``…nummer``/``…nr`` ending dropped
    first; None when `w` is no such compound. (Two `endswith` of a tuple first: most
    words are none, and this runs for every word before a card candidate.)"""
    if not w.endswith(_CARD_ENDS) and not w.endswith(_COMPOUND_ENDS):
        return None
    for end in _COMPOUND_ENDS:
        if w.endswith(end) and len(w) > len(end) + 3:
            w = w[: -len(end)]
            break
    for end in _CARD_ENDS:
        if w.endswith(end) and len(w) >= len(end) + 3:
            return w[: -len(end)]
    return None


def is_not_payment_card(w: str) -> bool:
    """`w` names a card or pass that never pays: a pass noun ("badge", "carné"), or a
    compound ending in a card word whose stem is not a payment word ("Bibliotheksausweis",
    "bibliotheekpas", "Bahncard"; not "Kreditkarte", "betaalpas", "Girokarte")."""
    if w in _PASS_NOUNS or w.startswith(_PASS_STEMS):
        return True
    stem = _card_compound(w)
    if stem is None:
        return False
    return not (stem.startswith(_PAYMENT_STEMS) or any(p in stem for p in _PAYMENT_INSIDE))


# The stems by their first four letters: one dict lookup and a few `startswith` per word,
# not ~200 (a card candidate's window is read word by word; ~6 µs a window otherwise).
_NOT_PAYMENT_BY_HEAD: dict[str, tuple[str, ...]] = {}
for _stem in _NOT_PAYMENT_PREFIXES:
    _NOT_PAYMENT_BY_HEAD[_stem[:4]] = (*_NOT_PAYMENT_BY_HEAD.get(_stem[:4], ()), _stem)


def is_card_qualifier(w: str) -> bool:
    """`w` beside a card word names a card that never pays (library, transit, student,
    staff, ID, access, key, SIM, health, parking, gym, member … : `_NOT_PAYMENT`)."""
    return w in _NOT_PAYMENT or w.startswith(_NOT_PAYMENT_BY_HEAD.get(w[:4], ()))


def _qualifies(label: int, i: int, prev: str, prev2: str) -> bool:
    """The card word at `label` is followed by the word at `i`, right after it or with
    one or two `_OF` words between ("karta miejska", "carte de la bibliothèque")."""
    return (
        label == i - 1
        or (label == i - 2 and prev in _OF)
        or (label == i - 3 and prev in _OF and prev2 in _OF)
    )


def is_phone_word(w: str) -> bool:
    return w in _PHONE or w.startswith(_PHONE_PREFIXES)


def is_ssn_word(w: str) -> bool:
    return w in _SSN


def nearest_labels(
    text: str,
    start: int,
    is_label: Callable[[str], bool],
    phone: bool = False,
    card: bool = False,
) -> tuple[int, int]:
    """Which of the words before `start` (`words_before`) are the nearest `is_label` word
    and the nearest other-number word (order, case …), -1 for none: the later one names
    the number.

    A label names the number it stands before: an other-number word counts with `_FILLER`
    words after it ("order number is …") and at most one other ("order shipped: …",
    "Bestellung bestätigt: …"). A person (customer, client, member …) is a label only
    with a number word beside it ("customer number", "numéro client", "Número de
    cliente"): "the customer read out 4111 …" and "Tarjeta del cliente: 4111 …" are
    cards. "In case of …" names nothing. `phone`: the phrases of `_phone_phrase` are
    labels too, and a card word is another number's ("Carte de membre 0657 119 1303").
    A person right after a card word is the card's kind ("carte client", "tarjeta de
    socio"), not its owner ("Tarjeta del cliente"): `_kind_of_card`.

    `card`: which card a card word names (`_NOT_PAYMENT`): a card word with a
    never-paying kind right before it ("library card", "ID card") or after it ("carte de
    bibliothèque", "karta miejska") is another number's label, as is a compound or pass
    noun that never pays ("Bibliotheksausweis", "badge"); such a kind with a number word
    beside it too ("Student ID", "numéro d'étudiant", "Patient number"), or alone right
    before the number when no card word is in the window ("Patient 4111 …", "depot
    6313 …"; not a short `_NOT_PAYMENT` word: names are Park, Guest, Branch)."""
    label = other = person = -1
    kind = last = -1  # (`card`) a never-paying kind alone; the last word not a filler
    prev = prev2 = ""
    slack = 0  # content words an other-number word may still have after it
    words = words_before(text, start)
    for i, w in enumerate(words):
        if w[0].isdigit():  # another number between: it ends any label
            other = -1
        elif card and is_not_payment_card(w):
            other, slack = i, 1  # "Bibliotheksausweis", "bibliotheekpas", "badge"
        elif is_label(w) or (
            phone and _phone_phrase(w, prev, prev2, words[i + 1] if i + 1 < len(words) else "")
        ):
            if not phone and other >= 0 and other == i - 1 and is_other_word(prev):
                other = i  # "loyalty card", "gift card": the thing's own card
            elif card and (is_card_qualifier(prev) or (other == i - 1 and prev in _NUMBER_ABBR)):
                other, slack = i, 1  # "library card", "SIM card", "Student ID card"
            else:
                label = i
        elif w in _NUMBER_ABBR:
            if (person >= 0 and person == i - 1) or w in _SER.get(prev, ()):
                other, slack = i, 1  # "customer number", "student ID", "Ser.-Nr.", "S/N"
        elif label >= 0 and _source_of(words, i):
            pass  # "Rückrufnummer laut Ticket:": where the number was read, not its name
        elif (
            card
            and _for_the(w, prev, prev2)
            and (i + 1 == len(words) or words[i + 1] not in _NUMBER_ABBR)
            and not any(map(is_other_word, words[: i - 2]))
        ):
            pass  # "for the booking: 4111 …": what the card pays for, not the number's name
        elif (
            is_other_word(w) or (phone and is_card_word(w)) or (card and is_card_qualifier(w))
        ) and not (w in _CASE and prev in _CASE_IDIOM):
            # for a phone, a card word names another number too ("Carte client 0657 …")
            named = max(label, other)  # the card (or tessera …) a kind after it names
            if other >= 0 and other == i - 1:  # "Référence client": one label
                other = i
            elif card and is_card_qualifier(w) and named >= 0 and _qualifies(named, i, prev, prev2):
                other, slack = i, 1  # "carte de bibliothèque", "tessera dei trasporti"
            elif card and is_card_qualifier(w) and not is_other_word(w):
                # a kind alone ("the gym billed my card"): a label only with a number word
                if prev in _NUMBER_ABBR or prev2 in _NUMBER_ABBR:
                    other, slack = i, 1  # "numéro d'étudiant"
                else:
                    person = i
                    kind = -1 if w in _NOT_PAYMENT else i
                    slack -= 1
                    if slack < 0:
                        other = -1
            elif (
                w not in _NEEDS_NUMBER
                or prev in _NUMBER_ABBR
                or prev2 in _NUMBER_ABBR
                or (i >= 3 and prev in _OF and words[i - 3] in _NUMBER_ABBR)  # "ID de la reunión"
            ):
                other, slack = i, 0 if w in _TIGHT else 1
            elif not phone and label >= 0 and _kind_of_card(label, i, prev):
                other = i  # "carte client", "tarjeta de socio": a member's own card
            elif other >= 0 and all(x in _OF for x in words[other + 1 : i]):
                other, slack = i, 1  # "SIRET de l'entreprise", "Handelsregisternr. der Firma"
            else:  # a person, so far: a label if a number word follows
                person = i
                slack -= 1
                if slack < 0:
                    other = -1
        elif w not in _FILLER:
            slack -= 1
            if slack < 0:
                other = -1
        if card and w not in _FILLER:
            last = i
        prev2, prev = prev, w
    if kind >= 0 and kind == last and label < 0:  # "Patient 4111 …", "depot 6313 …"
        other = kind
    return label, other


# What a number is given for (issue #17, the eleventh corpus: "hier is ie voor de boeking
# 3774-…", "hier nochmal für die Bestellung: 6541 …", "aqui vai para a reserva: 6011 …",
# "eccolo per la prenotazione: 4099 …", "voilà pour la réservation 4177 …", "proszę, to do
# rezerwacji: 4056 …"): an other-number word after a purpose preposition and an article or
# possessive names the thing paid for, not the number that follows, which is the card
# given for it. Card mode only: "Chiamami per l'ordine 06573220" ("about the order") gives
# the order's number, and no phone pays for anything. Not without the article ("for order
# 1234": that order's number), not with a number word after it ("for the order number
# 1234"), and not Portuguese "do"
# ("número do pedido" is "the order's number"): Polish has no articles, so its "do"/"za"
# counts only before the Polish stems (`_FOR_PL`). Not with another-number word earlier in
# the window ("Sendungsnummer für das Paket 4111 …": the label before still names it).
_FOR = frozenset({"for", "für", "fuer", "voor", "pour", "para", "pra", "per"})
_FOR_ART = frozenset({
    "the", "my", "our", "your", "this", "that", "die", "den", "das", "dem", "der", "meine",
    "meinen", "unsere", "unseren", "eure", "de", "het", "mijn", "onze", "jullie", "la", "le",
    "l", "les", "ma", "mon", "notre", "votre", "el", "mi", "nuestra", "nuestro", "tu", "a",
    "o", "as", "os", "minha", "meu", "nossa", "nosso", "il", "lo", "mia", "mio", "nostra",
    "nostro", "questa", "questo", "esta", "este", "essa", "esse", "cette", "ce", "deze",
    "dit", "diese", "diesen",
})  # fmt: skip
_FOR_PL = frozenset({"do", "za"})
_PL_STEMS = ("rezerwac", "zamówie", "zamowie", "faktur", "bilet")

# Where a number was read, after a label that names it (issue #17, the fourteenth corpus:
# "Rückrufnummer laut Ticket: 069 7512937", a callback number as the ticket gives it, read
# as the ticket's number): "according to" (and its article) then an other-number word says
# which document holds the number, not what the number is. Only after a label: alone,
# "laut Ticket 4711" is the ticket's. Not "per" (Italian "for": "Chiamami per l'ordine
# 06573220" gives the order's number), not "nach" (German "after").
_ACCORDING = frozenset({
    "according", "laut", "lt", "gemäß", "gemäss", "gemaess", "selon", "según", "segun",
    "secondo", "volgens", "segundo", "conforme", "według", "wedlug", "wg", "zgodnie",
})  # fmt: skip
_ACCORDING_THEN = _FOR_ART | frozenset({
    "to", "z", "ze", "dem", "al", "del", "do", "da", "du", "au",
})  # fmt: skip


def _source_of(words: list[str], i: int) -> bool:
    """`words[i]` is an other-number word after an "according to" (`_ACCORDING`), with at
    most two `_ACCORDING_THEN` words between ("laut Ticket", "according to the ticket",
    "selon le dossier", "zgodnie z zamówieniem")."""
    if not is_other_word(words[i]):
        return False
    j = i - 1
    while j >= 0 and j >= i - 3 and words[j] in _ACCORDING_THEN:
        j -= 1
    return j >= 0 and words[j] in _ACCORDING


def _for_the(w: str, prev: str, prev2: str) -> bool:
    """`w` is an other-number word given as a purpose ("for the booking", "per la
    prenotazione", "do rezerwacji"): see `_FOR`."""
    if prev in _FOR_ART and prev2 in _FOR:
        return is_other_word(w)
    return prev in _FOR_PL and w.startswith(_PL_STEMS) and is_other_word(w)


# "de"/"di" between a card word and a person make the person the card's kind ("tarjeta de
# socio", "cartão de cliente", "carte de membre"); an article makes it the card's owner
# ("Tarjeta del cliente: 4111 …" is the customer's payment card).
_OF_KIND = frozenset({"de", "di"})


def _kind_of_card(label: int, i: int, prev: str) -> bool:
    """A person word at `i` right after the card word at `label` (``carte client``), or
    with only ``de``/``di`` between (`_OF_KIND`)."""
    return label == i - 1 or (label == i - 2 and prev in _OF_KIND)


def _phone_phrase(w: str, prev: str, prev2: str, nxt: str = "") -> bool:
    """ "my number", "mon numéro" …; "the number", "en el número" (`_THE`; not "the
    number of …"); "servicio al cliente", "service client" …: a customer service's number
    is a telephone number, not a customer number; asking for a person ("vraag naar",
    "pregunta por": `_ASK`); being at a number ("jestem pod", "sono al": `_BE_AT`)."""
    if w in _NUMBER:
        return prev in _MINE or ((prev in _THE or prev in _THEIRS) and nxt not in _COUNT_OF)
    if w == "me" and prev == "liga":  # Portuguese "liga-me" (call me); "liga" alone is a league
        return True
    if _ASK.get(prev, "-") == w or (w in _ASK and _ASK[w] == ""):  # "vraag naar", "demandez"
        return True
    if not nxt and prev in _BE_AT.get(w, ()):  # "jestem pod 517 …", "sono al 011 …"
        return w != "el" or prev2 in _BE  # "estoy en el 718 …"
    if not nxt and w in _BACK_TO and prev in _RETURN:  # "retornar para 226 580 348"
        return True
    if w in _LOCATE:  # "me puede localizar en el …", "localízame en el …"
        return w != "localizar" or "me" in (prev, prev2) or "nos" in (prev, prev2)
    return (prev in _SERVICE or prev2 in _SERVICE) and _customer_word(w)


def _customer_word(w: str) -> bool:
    """A customer: what a service is for ("service client", "obsługa klienta"). A
    "support ticket", "service request" or "assistance case" is a ticket, not a service's
    telephone line (the fourth corpus: "Your support ticket 0657 119 1303")."""
    return w in _PERSON or w.startswith(("client", "klient", "kund", "klant", "customer"))


# "try 0161808311", "essayez 0776388362", "prueba con 687056699", "spróbuj 600 461 746":
# telling someone to try a number is telling them to ring it (issue #17, the tenth corpus;
# the earlier corpora's "If nobody answers, try …" lines had a phone word elsewhere). The
# imperative right before the number, or with one preposition between ("prueba al", "try
# on"); not the noun ("Versuch 3/5", an attempt).
_TRY = frozenset({
    "try", "tenta", "tente", "experimenta", "experimente", "essayez", "essaie", "essaye",
    "prueba", "pruebe", "probad", "intenta", "intente", "probeer", "probeert", "versuch",
    "versuche", "versuchen", "versucht", "prova", "provate", "provi", "spróbuj",
    "spróbujcie", "spróbujmy",
})  # fmt: skip
_TRY_THEN = frozenset({
    "con", "al", "a", "el", "met", "com", "o", "mit", "es", "at", "on", "with", "le", "au",
    "na", "pod", "op", "the", "la", "il", "lo",
})  # fmt: skip


def try_before(text: str, start: int) -> bool:
    """The number at `start` follows an imperative "try" (`_TRY`), right before it or
    with one `_TRY_THEN` word between."""
    words = _WORD.findall(text[max(0, start - 24) : start].lower())
    if not words:
        return False
    if words[-1] in _TRY:
        return True
    return len(words) >= 2 and words[-1] in _TRY_THEN and words[-2] in _TRY


# A number given as the writer's own, the thing asked for before (issue #17: the eleventh
# corpus's "sent you my 310161905 as asked", "je t'envoie le mien : 411025478", "stuur je
# die van mij: 672138049", "wysyłam ci swój: 104173667"): a possessive pronoun standing for
# the identifier the other side asked for, or a possessive determiner right before the
# digits (nothing between: "my order 1234…" names an order). For nine digits only, which
# must still pass the SSN's rules or the BSN's 11-proof (`pii_ids`).
_MINE_ALONE = frozenset({
    "mine", "mien", "mienne", "mío", "mía", "mio", "mia", "meu", "minha", "mij", "mijne",
    "meins", "meiner", "swój", "swoj", "mój", "moj", "moje",
})  # fmt: skip


def mine_before(text: str, start: int) -> bool:
    """The number at `start` is given as "mine" (`_MINE_ALONE`, a colon may follow), or
    right after "my", "mon", "mijn" … (`_MINE`) with only a space between."""
    words = _WORD.findall(text[max(0, start - 24) : start].lower())
    if not words:
        return False
    if words[-1] in _MINE_ALONE:
        return True
    return (
        words[-1] in _MINE
        and text[max(0, start - 1) : start] == " "
        and (text[max(0, start - 1 - len(words[-1])) : start - 1].lower() == words[-1])
    )


def phone_word_after(text: str, end: int) -> bool:
    """A phone word in the `CONTEXT` characters after `end` ("0612345678 is my mobile")."""
    return any(map(is_phone_word, _WORD.findall(text[end : end + CONTEXT].lower())))


def said_otherwise(
    text: str, start: int, is_label: Callable[[str], bool], card: bool = False
) -> bool:
    """The nearest label before `start` is an other-number word, not an `is_label` one
    (`card`: for a card number, see `nearest_labels`)."""
    label, other = nearest_labels(text, start, is_label, card=card)
    return other > label


def never(_: str) -> bool:
    """No word is this kind's label: any other-number word before the number decides."""
    return False


# --- a card number given as a payment's reference (issue #17, the tenth corpus) ---------
#
# "deposit paid — ref 3470-720840-80150", "eigen bijdrage betaald, kenmerk 3751 687168
# 70557", "Zuzahlung erledigt, Beleg: 3495-…": the writer paid and quotes the card number
# as the reference of that payment. Elsewhere a Luhn-valid number after "reference" is
# another number (the corpora's benign parcel references, customer and order numbers),
# and stays so: only a reference or receipt word (`_PAYMENT_REFERENCE`, not order,
# customer, parcel …) with a word saying a payment was made (`_SETTLED`) in the same
# window turns it back into a card. Not "payment" itself: "payment reference" names a
# transfer's reference, and "(not a payment card)" is said of a parcel reference; nor
# "erledigt", "done", which says nothing of money. In the ten corpora no benign sentence
# with a Luhn-valid number in a network's range has a `_SETTLED` word.
_PAYMENT_REFERENCE = frozenset({
    "ref", "reference", "referenz", "beleg", "quittung", "réf", "référence", "rif",
    "riferimento", "referencia", "referência", "referentie", "kenmerk", "referencja",
})  # fmt: skip
_SETTLED = frozenset({
    # en
    "paid", "prepaid", "settled", "charged", "deposit", "copay", "copayment",
    # de
    "bezahlt", "gezahlt", "beglichen", "abgebucht", "belastet", "zuzahlung", "anzahlung",
    "eigenanteil",
    # nl
    "betaald", "voldaan", "afgeschreven", "aanbetaling",
    # fr
    "payé", "payée", "réglé", "réglée", "débité", "débitée", "prélevé", "acompte",
    # es
    "pagado", "pagada", "cobrado", "cobrada", "abonada", "copago",
    # it
    "pagato", "pagata", "saldato", "saldata", "addebitato", "addebitata", "acconto",
    # pt
    "pago", "paga", "liquidado", "liquidada", "debitado", "debitada", "comparticipação",
    # pl
    "zapłacono", "zapłacone", "zapłacona", "opłacono", "opłacone", "opłacona",
    "uregulowana", "uregulowane", "uregulowano", "dopłata", "zaliczka",
})  # fmt: skip


def settled_reference(text: str, start: int, other: int) -> bool:
    """The other-number word at `other` (an index into `words_before(text, start)`, as
    `nearest_labels` gives it) is a reference or receipt word, and a word before it in
    the window says a payment was made: the number is the card that paid. Asked only when
    an other-number word already names a card candidate (rare), so the window is read
    again rather than carried."""
    words = words_before(text, start)
    if other < 0 or other >= len(words) or words[other] not in _PAYMENT_REFERENCE:
        return False
    return any(w in _SETTLED for w in words[:other])


# --- a person's name beside a number (issue #17) ---------------------------------------
#
# A record line names whose number it is: "Fred Mulder – 942975923 – start 1 september",
# "Aanvrager Judd Pfannerstill, 141715893, getekend …", "562 243 331 (Tommie Bakker)",
# "Kamer 5, late aankomst Sarah Bos: 0706473034". A number that is a person's own field in
# such a line is that person's identifier or telephone number, where the same digits
# alone (a Unix time, a routing number, a volume) are nobody's. `person_beside` reads the
# fields (text between record separators) around the number: the number's own field ends
# with a name, or begins it and one of the two fields before is a name, or the field right
# after it is one.

# Record separators: punctuation, a new line, a dash or slash set apart by spaces, a full
# stop ending a sentence ("… with Eric Goodwin. 2129445661").
_FIELD_SPLIT = re.compile(r"[,;:·|()\[\]\n\t–—•]|\s[-/]\s|\.\s")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
# Lower-case words that stand inside a name: van den Berg, de Groot, da Silva, von Trapp.
_PARTICLES = frozenset({
    "van", "de", "der", "den", "von", "da", "di", "del", "della", "dos", "das", "do", "du",
    "le", "la", "ten", "ter", "zu", "y", "e", "bin", "al", "el", "mac",
})  # fmt: skip
# After a name: Jr., Sr., DDS, II …
_NAME_SUFFIXES = frozenset({"jr", "sr", "dds", "md", "phd", "ii", "iii", "iv", "v", "esq"})
# One capitalised word after these is a name ("Frau Mills", "La señora Andres").
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "monsieur", "madame", "mme",
    "mlle", "señor", "señora", "sr", "sra", "srta", "don", "doña", "signor", "signora",
    "sig", "sig.ra", "dott", "senhor", "senhora", "meneer", "mevrouw", "mevr", "dhr",
    "pan", "pani",
})  # fmt: skip
# Words between a name and its number in the same field: "… für Esma Kalinowski ist 0151…",
# "… di Edipo Ricci è 347 …", "… de Paulo Galhardo é 219207123", "… est le 06 …".
_NAME_GAP = frozenset({
    "is", "was", "ist", "war", "est", "le", "la", "el", "es", "è", "é", "to", "jest", "on",
    "al", "au", "at", "op", "heeft", "hat", "tem", "ha", "a", "o",
})  # fmt: skip


def _title(w: str) -> bool:
    """A capital then a lower-case letter somewhere (Mulder, D'Amore, McGlynn, Ávila), not
    an acronym (NL, ABA, FTSE): the case test alone, a fraction of a µs."""
    return w[0].isupper() and not w.isupper()


def _capitalised(w: str) -> bool:
    """A name's word: `_title`, and not a word naming a number (Case, No, Order, Tel)."""
    if not _title(w):
        return False
    low = w.rstrip(".").lower()
    return not (
        low in _NUMBER_ABBR
        or low in _FILLER
        or is_other_word(low)
        or is_phone_word(low)
        or is_card_word(low)
        or low in _SSN
    )


def _ends_with_name(field: str, whole: bool = False) -> bool:
    """`field` ends with a person's name: two capitalised words or more (particles between
    them), or an honorific and one; a suffix (Jr., DDS) may follow. `whole`: the field is
    nothing but the name."""
    words = _NAME_WORD.findall(field)
    while len(words) > 2 and words[-1].rstrip(".").lower() in _NAME_SUFFIXES:
        words.pop()
    if len(words) < 2 or not _title(words[-1]):
        return False  # the usual case ("Order 1234…", "volume 1234…"): no label lookups
    caps = 0
    i = len(words) - 1
    while i >= 0 and (_capitalised(words[i]) or (caps and words[i].lower() in _PARTICLES)):
        caps += words[i][0].isupper()
        i -= 1
    while i + 1 < len(words) and words[i + 1].lower() in _PARTICLES:
        i += 1  # "de Groot" at a field's start: the particle is not the name's first word
    if caps == 1 and i >= 0 and words[i].rstrip(".").lower() in _HONORIFICS:
        caps, i = 2, i - 1
    if caps < 2:
        return False
    return i < 0 if whole else True


def person_beside(text: str, start: int, end: int) -> bool:
    """A person's name is the number's neighbour in its record line (see above): the
    field holding the number ends with the name (gap words like "ist", "é" between); or
    the number starts its field and one of the two fields before is a name (a date, a
    department may stand between: "Travis Tapinassi, geboren 27-06-2026, 239 242 178",
    "Kabiru Králová · Vertrieb · 0837…"); or the field after the number is a name."""
    before = _FIELD_SPLIT.split(text[max(0, start - 2 * CONTEXT) : start])
    own = _NAME_WORD.findall(before[-1])
    while own and own[-1].lower() in _NAME_GAP:
        own.pop()
    if own:
        return _ends_with_name(" ".join(own))
    if before[-1].strip() and not before[-1].strip().startswith(("-", "/")):
        return False  # something else (a digit, a symbol) stands between
    for field in before[-2:-4:-1]:
        if _ends_with_name(field):
            return True
        if len(field) > 24:
            break  # only a short field (a date, a department) may stand between
    return owner_after(text, end)


def owner_after(text: str, end: int) -> bool:
    """The field right after the number is a person's name and nothing else ("…: 562 243
    331 (Tommie Bakker)", "534880994, Barbara Gorczany"): the number is that person's,
    whatever a label before it said ("copied from the dossier: …")."""
    after = _FIELD_SPLIT.split(text[end : end + 2 * CONTEXT], maxsplit=2)
    if len(after) < 2 or after[0].strip():
        return False
    return _ends_with_name(after[1], whole=True)


# Codes whose name fixes their length (issue #17, the ninth corpus: "Le numéro IMEI du
# téléphone retrouvé est 661687772675215", "EAN-Code der Honiggläser: 4001337962272"). A
# device's IMEI is 15 digits with a Luhn check digit (not 16, the IMEISV: that is a card's
# length, and people copy the IMEI itself), a product's barcode 8,
# 12, 13 or 14 (EAN-8, UPC-A, EAN-13, GTIN-14), an ISBN 10 or 13: Luhn-valid often enough
# (an IMEI always) and in a card network's range, and "téléphone" or "Handy" beside an IMEI
# is the device it names, not a number to ring. The name counts anywhere in the words before
# (`CONTEXT`), not only right before as an other-number label must (`nearest_labels`): the
# name and a number of its length together say what the number is, whatever words stand
# between, and no card or telephone number is called an IMEI or a barcode.
# A barcode in the eight languages (issue #17, the thirteenth corpus: "código de barras
# 5609387940425", an EAN-13 in Maestro's range that passes Luhn): código/codigo de barras,
# codice a barre, code-barres, streepjescode, kod kreskowy; the bars' word names it.
_BARCODE = ("ean", "gtin", "upc", "barcode", "strichcode", "barras", "barre", "barres")
_CODE_LENGTHS: dict[str, frozenset[int]] = {
    "imei": frozenset({15}),
    **dict.fromkeys(_BARCODE, frozenset({8, 12, 13, 14})),
    **dict.fromkeys(
        ("streepjescode", "kreskowy", "kreskowego", "kreskowym"), frozenset({8, 12, 13, 14})
    ),
    "isbn": frozenset({10, 13}),
}
# Barcodenummer, IMEI-Nummer, imeinummer, streepjescodenummer
_CODE_STEMS = ("barcode", "strichcode", "imei", "streepjescode")


_CODE_SIZES = frozenset().union(*_CODE_LENGTHS.values())


def code_named(text: str, start: int, n: int) -> bool:
    """Whether a code of `n` digits at `start` is named before it as an IMEI, barcode or
    ISBN whose length is `n` (`_CODE_LENGTHS`). Asked for every card and phone candidate
    (~40 per 4 kB of number-heavy text): a length no code has (9, 11, 16 …) answers at
    once, and substring tests written out (~0.5 µs; a generator over the names cost twice
    that) before any word is read."""
    if n not in _CODE_SIZES:
        return False
    lo = max(0, start - CONTEXT)
    window = text[lo:start].lower()
    if not (
        "imei" in window
        or "ean" in window
        or "gtin" in window
        or "upc" in window
        or "barcode" in window
        or "strichcode" in window
        or "isbn" in window
        or "barr" in window  # código de barras, codice a barre, code-barres
        or "streepjes" in window
        or "kreskow" in window
    ):
        return False
    for w in _WORD.findall(window):
        lengths = _CODE_LENGTHS.get(w)
        if lengths is None:
            stem = next((s for s in _CODE_STEMS if w.startswith(s)), None)
            lengths = _CODE_LENGTHS.get(stem) if stem else None
        if lengths is not None and n in lengths:
            return True
    return False
