/**
 * Words for the entities, in the ten languages. Entries are written as people spell them and folded
 * at start (normalize.ts), so "svømming" also matches "svomming". Pattern syntax, per word:
 *   word    the folded word exactly
 *   word*   a word starting with it (inflections and compounds: "fotball*" → fotballen, fotballag)
 *   *word   a word ending with it (Norwegian compounds: "*leir" → sommerleir)
 * A phrase of several words matches consecutive words. Short stems that collide with another
 * language's words are spelled out instead (Lithuanian "šokiai" folds to "sokiai", Norwegian "søk"
 * to "sok": so dance is "soki*", not "sok*").
 */
import type { ActivityCategory } from "../catalog/categories.ts";
import type { Language } from "../languages.ts";

export const CATEGORY_WORDS: Record<ActivityCategory, readonly string[]> = {
  football: ["fotball*", "fotbal", "fotbll", "futball*", "football*", "footy", "soccer*", "piłk* nożn*", "piłkę nożną", "futbol*", "футбол*", "كرة القدم", "كوره", "فوتبول", "kubadda cagta", "kubada cagta", "فٹبال*", "فٹ بال", "ኩዕሶ እግሪ", "ፉትቦል", "keeper*", "goalkeeper*", "bramkar*"],
  handball: ["håndball*", "handball*", "handbal", "piłk* ręczn*", "rankin*", "гандбол*", "كرة اليد", "kubadda gacanta", "ہینڈ بال", "ہینڈبال", "hentbol*", "ኩዕሶ ኢድ"],
  basketball: ["basket*", "koszyk*", "krepšin*", "баскетбол*", "كرة السلة", "kubadda koleyga", "باسکٹ بال", "باسکٹبال", "ባስኬት*"],
  volleyball: ["volleyball*", "volley*", "minivolley", "siatków*", "tinklin*", "волейбол*", "الكرة الطائرة", "كرة الطائرة", "والی بال", "voleybol*", "ቮሊቦል"],
  floorball: ["innebandy*", "floorball*", "unihokej*", "флорбол*"],
  ice_hockey: ["ishockey*", "hockey*", "hokej*", "хокей*", "هوكي", "hokey*", "ሆኪ"],
  skiing: ["ski", "skiing*", "skiløp*", "skitrening*", "langrenn*", "slalåm*", "alpint", "skiskyting*", "narciar*", "narty", "slidinė*", "лиж*", "تزلج*", "التزلج", "ስኪ"],
  athletics: ["friidrett*", "athletics", "atletyk*", "lekkoatlet*", "lengvoj* atletik*", "легк* атлетик*", "ألعاب القوى", "العاب القوى", "atletizm*", "løpetrening*"],
  gymnastics: ["turn", "turning", "turnen", "gymnastikk*", "gymnastics", "gymnast*", "gimnasty*", "gimnastik*", "гімнастик*", "جمباز*", "الجمباز", "jimicsi*", "جمناسٹک*", "jimnastik*", "ጂምናስቲክ*", "akrobatik*", "turnlek*"],
  swimming: ["svøm*", "svomm*", "swim*", "pływ*", "basen*", "plauk*", "плаван*", "басейн*", "سباح*", "السباحه", "dabaal*", "تیراکی*", "yüzme*", "yüzmey*", "yüzmed*", "ምሕምባስ*", "ሕምባስ"],
  cycling: ["sykling*", "sykkelklubb*", "syklist*", "cycling", "kolarstw*", "велоспорт*", "ركوب الدراجات"],
  orienteering: ["orientering*", "orienteering", "orientacj*", "orientavim*", "орієнтуван*", "oryantiring*"],
  tennis: ["tennis*", "tenis", "tenisa", "tenisu", "tenisas", "tenisą", "теніс*", "تنس", "التنس", "ٹینس", "ቴኒስ"],
  table_tennis: ["bordtennis*", "table tennis", "ping pong", "pingpong*", "tenis* stołow*", "stalo teni*", "настільн* теніс*", "تنس الطاوله", "masa tenis*", "ٹیبل ٹینس"],
  badminton: ["badminton*", "бадмінтон*", "ريشه الطائره", "بیڈمنٹن", "ባድሚንተን"],
  riding: ["ridning*", "ridekurs*", "ridesenter*", "hesteridning*", "riding", "horse riding", "jeździ* konn*", "jazd* konn*", "jodinėjim*", "верхов* їзд*", "ركوب الخيل", "فروسيه", "binicilik*", "گھڑسواری"],
  paddling: ["padling*", "padle*", "kajakk*", "kano", "kanopadling*", "paddling", "kayaking", "canoe*", "kajak*", "baidar*", "каяк*", "веслуван*", "تجديف", "kürek*"],
  climbing: ["klatr*", "buldr*", "climb*", "bouldering", "wspinacz*", "laipioj*", "скелелаз*", "تسلق*", "التسلق", "fuul*", "کلائمبنگ", "tırman*", "ምሕኳር*"],
  martial_arts: ["karate*", "judo*", "taekwondo*", "kampsport*", "martial art*", "boksing*", "boxing*", "kickboks*", "kickboxing", "bryting*", "wrestling*", "jiu jitsu", "jiujitsu*", "sztuk* walk*", "kovos men*", "бойов* мистецтв*", "карате*", "дзюдо*", "كاراتيه", "جودو", "فنون قتاليه", "کراٹے", "dövüş*", "ካራቴ"],
  dance: ["dans*", "dance*", "dancing", "hiphop*", "hip hop", "ballett*", "ballet*", "taniec", "tańc*", "taneczn*", "soki*", "šoku*", "танц*", "رقص*", "الرقص", "qoob ka ciyaar*", "ڈانس*", "ሳዕስዒት*"],
  chess: ["sjakk*", "chess*", "szach*", "šachmat*", "шах*", "شطرنج*", "الشطرنج", "shataranj*", "satranc*", "ቸስ", "ሸጥሮንጅ"],
  scouts: ["speider*", "scout*", "harcer*", "skaut*", "пласт", "كشاف*", "الكشافه", "izcilik*", "سکاؤٹ*"],
  music: ["musikk*", "music*", "korps*", "gitar*", "guitar*", "piano*", "trommer*", "drums", "fiolin*", "muzyk*", "muzik*", "музик*", "موسيق*", "الموسيقى", "muusik*", "موسیقی*", "ሙዚቃ*"],
  choir: ["kor", "koret", "korene", "barnekor*", "sang", "sangkor*", "synge", "choir*", "chór", "chóru", "chórze", "choras", "choro", "chorui", "хор", "хору", "хорі", "хором", "كورال", "الكورال", "جوقه", "hees*", "کوئر", "koro", "koroya", "korodan", "koroda", "መዘምራን"],
  theatre: ["teater*", "theatre*", "theater*", "drama*", "teatr*", "teatra*", "театр*", "مسرح*", "المسرح", "tiyaatar*", "تھیٹر*", "tiyatro*", "ቲያትር"],
  art: ["kunst*", "tegning*", "tegne*", "maling", "male", "art", "arts", "drawing*", "painting*", "rysowan*", "malowan*", "plastyk*", "piešim*", "dailė*", "малюван*", "رسم", "الرسم", "sawir*", "ڈرائنگ", "مصوری", "resim*", "ስእሊ*"],
  coding: ["koding*", "programmering*", "coding", "programming", "kodowan*", "programowan*", "programav*", "програмуван*", "برمجه", "البرمجه", "kodlama*", "ኮዲንግ"],
  esport: ["esport*", "e-sport*", "e sport", "gaming", "gamer*"],
  camp: ["camp*", "*camp", "leir*", "*leir", "obóz*", "obozy", "obozie", "stovykl*", "табір*", "табор*", "مخيم*", "المخيم", "معسكر*", "xero*", "کیمپ*", "kamp", "kampı", "kampa", "kampın", "kampını", "kampta", "ካምፕ*", "ንካምፕ"],
  tournament: ["turnering*", "*turnering", "turnier*", "cup", "cupen", "cuper", "tournament*", "turniej*", "turnyr*", "турнір*", "بطول*", "البطوله", "البطولات", "tartan*", "ٹورنامنٹ*", "turnuva*", "ውድድር*", "ንውድድራት"],
  holiday_offer: ["ferietilbud*", "sommerferie*", "høstferie*", "vinterferie*", "holiday club", "holiday offer*", "półkoloni*", "atostog*", "канікул*", "عطله", "العطله", "تعطیلات", "tatil*"],
  cinema: ["kino*", "cinema*", "movies", "kine", "кіно*", "سينما*", "السينما", "shineem*", "سینما*", "sinema*", "ሲነማ*"],
  bowling: ["bowling*", "kręgl*", "боулінг*", "بولينغ", "بولنگ", "bovling*", "ቦውሊንግ"],
};

/** ISO weekday (1 = Monday) → words, in all ten languages. Only named weekdays: "i morgen" is not one. */
export const WEEKDAY_WORDS: Record<number, readonly string[]> = {
  1: ["mandag*", "monday*", "mondays", "mon", "poniedział*", "pirmadien*", "понеділ*", "الاثنين", "الإثنين", "اثنين", "isniin*", "پیر", "سوموار", "pazartesi*", "ሰኑይ"],
  2: ["tirsdag*", "tysdag*", "tuesday*", "tue", "tues", "wtor*", "antradien*", "вівтор*", "الثلاثاء", "ثلاثاء", "talaado*", "منگل", "salı*", "sali", "ሰሉስ"],
  3: ["onsdag*", "wednesday*", "wed", "środ*", "środę", "trečiadien*", "серед*", "الاربعاء", "اربعاء", "arbaco*", "بدھ", "çarşamba*", "ረቡዕ"],
  4: ["torsdag*", "thursday*", "thu", "thurs", "czwart*", "ketvirtadien*", "четвер*", "الخميس", "خميس", "khamiis*", "جمعرات", "perşembe*", "ሓሙስ"],
  5: ["fredag*", "friday*", "piąt*", "penktadien*", "пятниц*", "الجمعه", "jimco*", "جمعہ", "جمعه", "cuma", "cumaları", "cuma günü", "ዓርቢ"],
  6: ["lørdag*", "saturday*", "sobot*", "šeštadien*", "субот*", "السبت", "sabti*", "ہفتہ", "ہفتے", "cumartesi*", "ቀዳም"],
  7: ["søndag*", "sunday*", "niedziel*", "sekmadien*", "неділ*", "الاحد", "axad*", "اتوار", "pazar", "pazarları", "pazar günü", "ሰንበት"],
};

/**
 * Language names as people ask for them: "på norsk", "po polsku", "بالعربي", "türkçe", "ብትግርኛ".
 * Arabic's bi-/al- and Tigrinya's bɨ-/nab prefixes are stripped before matching (entities.ts).
 */
export const LANGUAGE_WORDS: Record<Language, readonly string[]> = {
  nb: ["norsk*", "bokmål", "norwegian", "norweski*", "norwesku", "norvegų", "norvegiškai", "норвезьк*", "نرويجي*", "النرويجيه", "noorweeji*", "nörveççe", "norveç*", "نارویجن", "نارویجین", "ناروی*", "ኖርወይኛ"],
  en: ["engelsk*", "english", "eng", "inglish", "angielski*", "angielsku", "anglų", "angliškai", "англійськ*", "انجليزي*", "انكليزي*", "الانجليزيه", "الانكليزيه", "ingiriis*", "انگریزی", "انگلش", "ingilizce", "ingilizceye", "እንግሊዝኛ"],
  pl: ["polsk*", "polish", "polski*", "polsku", "lenkų", "lenkiškai", "польськ*", "بولندي*", "البولنديه", "boolish", "پولش", "lehçe", "ፖላንድኛ"],
  lt: ["litauisk*", "lithuanian", "litewski*", "litewsku", "lietuvių", "lietuviškai", "lietuviu", "литовськ*", "ليتواني*", "الليتوانيه", "lituaani*", "لتھوینین", "litvanca", "ሊትዌንኛ"],
  uk: ["ukrainsk*", "ukrainian", "ukraiński*", "ukraińsku", "ukrainiečių", "ukrainietiškai", "українськ*", "украинск*", "اوكراني*", "الاوكرانيه", "yukreeni*", "یوکرینی", "ukraynaca", "ዩክሬንኛ"],
  ar: ["arabisk*", "arabic", "arabski*", "arabsku", "arabų", "arabiškai", "арабськ*", "عربي", "العربي", "العربيه", "عربى", "carabi", "carabiga", "عربی", "arapça", "arapca", "ዓረብኛ"],
  so: ["somali", "somalisk*", "somalijski*", "somalijsku", "somalių", "сомалійськ*", "صومالي*", "الصوماليه", "soomaali", "af soomaali", "صومالی", "somalice", "ሶማልኛ"],
  ur: ["urdu", "урду", "اوردو", "الاورديه", "urduu", "اردو", "urduca", "ኡርዱ"],
  tr: ["tyrkisk*", "turkish", "turecki*", "turecku", "turkų", "turkiškai", "турецьк*", "تركي*", "التركيه", "turki", "af turki", "ترکی", "türkçe", "turkce", "türkçeye", "ቱርክኛ"],
  ti: ["tigrinja", "tigrinya", "tigrigna", "tigrinia", "tigrinų", "тигринья", "تيغرينيا", "التغرينيه", "tigrinyo", "تگرینیا", "tigrinyaca", "ትግርኛ", "ትግሪኛ"],
};

/** Clitics glued to a word: Arabic "بال"/"ال"/"و"/"ب"/"لل", Tigrinya "ብ"/"ን"/"ናብ"/"ኣብ". */
export const WORD_PREFIXES: readonly string[] = ["بال", "وال", "لل", "ال", "و", "ب", "ናብ", "ኣብ", "ብ", "ን"];

/** Units after a number that make it an age: "10 år", "9-åring", "10 years", "8 lat", "9 سال", "8 ዓመት". */
export const AGE_UNITS: readonly string[] = [
  "år", "åring*", "aring*", "årig*", "ar", "åringer", "years", "year", "yr", "yrs", "yo", "lat", "latek", "latka", "latków", "letni*", "latki*", "metų", "metu", "m", "metukų",
  "років", "роки", "рік", "річн*", "سنوات", "سنه", "سنين", "عام", "اعوام", "jir", "jirka", "sano", "سال", "سالہ", "yaşında", "yaşındaki", "yaş", "yaşlı", "ዓመት", "ዓመቱ", "ዓመታት",
];

/** Words before a number that make it an age: "age 9", "aged 9", "عمره 9", "på 9" (Norwegian "min sønn på 9"). */
export const AGE_BEFORE: readonly string[] = ["age", "aged", "alder", "wiek", "amžius", "вік", "عمر", "عمره", "عمرها", "da'da", "yaş", "ዕድመ"];

/** Words before a number that make it a price ceiling: "under 500 kr", "max 300", "less than 400", "do 500 zł". */
export const PRICE_BEFORE: readonly string[] = [
  "under", "maks", "max", "maksimalt", "maximum", "inntil", "billigere", "mindre", "below", "less", "cheaper", "upto", "poniżej", "taniej", "iki", "до", "менше", "дешевше", "اقل", "ارخص", "حتى", "kayar", "ka yar", "سے کم", "altında", "ካብ",
];

/** Currency words after a number: it is money, not an age or a menu choice. */
export const CURRENCY_WORDS: readonly string[] = ["kr", "kroner", "krone", "nok", "kron*", "koron*", "kronų", "kronas", "крон*", "كرون*", "karoon*", "کرونر", "کرون*", "ክሮነር"];

/** Words before a number that keep it a menu choice: "nr 2", "nummer 3", "number 1", "numer 2", "#2". */
export const NUMBER_BEFORE: readonly string[] = ["nr", "nummer", "number", "no", "numer", "numerį", "номер", "رقم", "lambarka", "nambarka", "نمبر", "numara", "numarayı", "ቁጽሪ"];

/** Replies that carry no language of their own: they keep the conversation's language. */
export const NEUTRAL_WORDS: readonly string[] = ["ok", "okay", "okei", "oki", "k", "kk", "ja", "jo", "mer", "more", "lol", "xd", "hmm", "haha", "stop", "hallo", "menu", "sms", "info"];

/**
 * Words that only connect a follow-up to the question before it ("og Ella da?", "what about Ella?",
 * "ماذا عن Ella؟"), folded: a message of a child's name and these alone asks the last question again
 * for that child (services/nlu/index.ts, `onlyChild`; dialogs/main-dialog.ts).
 */
export const FOLLOW_UP_WORDS: readonly string[] = [
  // nb
  "og", "da", "hva", "med", "enn", "for", "sa", "hun", "han", "ogsa", "det", "samme",
  // en
  "and", "what", "about", "how", "for", "then", "too", "also", "same",
  // pl, lt, uk
  "a", "i", "co", "z", "ir", "o", "kaip", "su", "а", "і", "що", "з", "як", "щодо",
  // ar, ur
  "و", "ماذا", "عن", "وماذا", "بالنسبة", "ل", "اور", "کا", "کے", "بارے", "میں", "کیا",
  // so, ti, tr
  "iyo", "ka", "maxaa", "ከ", "ሽ", "ብዛዕባ", "እሞ", "ya", "peki", "ne", "icin", "de", "da",
];

/**
 * Greetings that open a message ("Hei! Vi lurer på om …", "Salaam, …"): when more follows, the
 * message is classified by what follows (services/nlu/index.ts), so a greeting that opens a real
 * question does not make the question a greeting.
 */
export const GREETING_OPENERS: readonly string[] = [
  // nb
  "hei", "hallo", "heisann", "hei hei", "heia", "halla", "hallaisen", "morn", "god morgen", "god dag", "god kveld", "god ettermiddag", "hei der",
  // en
  "hi", "hello", "hey", "hiya", "hi there", "hey there", "hello there", "good morning", "good afternoon", "good evening", "dear",
  // pl, lt, uk
  "dzien dobry", "czesc", "witam", "witaj", "hej", "dobry wieczor", "labas", "laba diena", "labas vakaras", "sveiki", "sveikas", "привіт", "вітаю", "добрий день", "доброго дня", "добрий вечір", "доброго ранку",
  // ar, ur
  "السلام عليكم", "سلام", "مرحبا", "اهلا", "اهلا وسهلا", "صباح الخير", "مساء الخير", "ہيلو", "هيلو", "آداب", "شام بخير", "صبح بخير",
  // so, tr, ti
  "salaan", "salaam", "haye", "hee", "subax wanaagsan", "galab wanaagsan", "merhaba", "selam", "selamlar", "gunaydin", "iyi gunler", "iyi aksamlar", "ሰላም", "ከመይ ኣምሲኹም", "ከመይ ሓዲርኩም", "ከመይ ኣለኹም",
];
