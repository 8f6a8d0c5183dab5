//! The paragraph a privacy page shows where it writes `<!-- analytics -->`:
//! what the configured reach counter measures, in the site's language,
//! made from `analytics:` so it cannot drift from what the theme loads.

use crate::config::{AnalyticsProvider, Language, SiteConfig};
use crate::util::escape::html;

/// What a counter may record, in the order the lists name them.
#[derive(Clone, Copy)]
enum Datum {
    Page,
    PageTitle,
    Referrer,
    Browser,
    System,
    Device,
    ScreenSize,
    Resolution,
    Language,
    Country,
}

/// What each counter records about a page view.
fn measured(provider: AnalyticsProvider) -> &'static [Datum] {
    use Datum::*;
    match provider {
        AnalyticsProvider::Plausible => &[Page, Referrer, Browser, System, Device, Country],
        AnalyticsProvider::Umami => &[
            Page, Referrer, Browser, System, Device, ScreenSize, Language, Country,
        ],
        AnalyticsProvider::Goatcounter => &[PageTitle, Referrer, Browser, ScreenSize, Country],
        AnalyticsProvider::Matomo => &[
            PageTitle, Referrer, Browser, System, Device, Resolution, Language, Country,
        ],
    }
}

/// One language's wording: the data's names (in [`Datum`] order), the
/// word before the last of a list, the paragraph without a counter, the
/// paragraph with one (`{name}`, `{host}`, `{what}`), and the sentence
/// about the image that counts without JavaScript.
struct Wording {
    data: [&'static str; 10],
    and: &'static str,
    none: &'static str,
    counted: &'static str,
    pixel: &'static str,
}

const DE: Wording = Wording {
    data: [
        "die aufgerufene Seite",
        "die aufgerufene Seite und ihr Titel",
        "die Seite, von der Sie kamen",
        "Browser",
        "Betriebssystem",
        "Gerätetyp",
        "Bildschirmgröße",
        "Bildschirmauflösung",
        "Sprache",
        "Land",
    ],
    and: " und ",
    none: "Wir messen die Reichweite dieser Website nicht mit einem Analysewerkzeug; \
           beim Lesen wird kein Zählskript geladen.",
    counted: "Um zu erfahren, wie viele Menschen unsere Seiten lesen, zählen wir Besuche mit \
              {name}, betrieben unter {host}. Dabei werden keine Cookies gesetzt, keine \
              personenbezogenen Daten gespeichert und Ihre IP-Adresse wird nicht gespeichert; \
              Besuche werden nicht über mehrere Tage oder Websites hinweg verknüpft. Erfasst \
              werden nur {what}. Außerdem zählen wir Klicks auf die Links zum Teilen, zum \
              Abonnieren der Feeds und des Kalenders und zur Diskussion – nur als Anzahl, ohne \
              Bezug zu Ihrer Person. Hat Ihr Browser „Do Not Track“ oder „Global Privacy \
              Control“ eingeschaltet, wird das Zählskript gar nicht erst geladen.",
    pixel: " Ohne JavaScript zählt ein unsichtbares Bild nur den Seitenaufruf.",
};

const EN: Wording = Wording {
    data: [
        "the page viewed",
        "the page viewed and its title",
        "the page you came from",
        "browser",
        "operating system",
        "device type",
        "screen size",
        "screen resolution",
        "language",
        "country",
    ],
    and: " and ",
    none: "We do not measure this website's reach with an analytics tool; no counting \
           script is loaded while you read.",
    counted: "To learn how many people read our pages, we count visits with {name}, run at \
              {host}. No cookies are set, no personal data is stored and your IP address is \
              not stored; visits are not linked across days or websites. Only {what} are \
              recorded. We also count clicks on the links to share, to subscribe to the feeds \
              and the calendar, and to the discussion – as numbers only, never tied to you. If \
              your browser has “Do Not Track” or “Global Privacy Control” switched on, the \
              counting script is not loaded at all.",
    pixel: " Without JavaScript, an invisible image counts the page view only.",
};

const TR: Wording = Wording {
    data: [
        "açılan sayfa",
        "açılan sayfa ve başlığı",
        "geldiğiniz sayfa",
        "tarayıcı",
        "işletim sistemi",
        "cihaz türü",
        "ekran boyutu",
        "ekran çözünürlüğü",
        "dil",
        "ülke",
    ],
    and: " ve ",
    none: "Bu web sitesinin erişimini bir analiz aracıyla ölçmüyoruz; okurken hiçbir sayaç \
           betiği yüklenmez.",
    counted: "Sayfalarımızı kaç kişinin okuduğunu öğrenmek için ziyaretleri {host} adresinde \
              çalışan {name} ile sayıyoruz. Çerez kullanılmaz, kişisel veri ve IP adresiniz \
              saklanmaz; ziyaretler günler ya da web siteleri arasında birbirine bağlanmaz. \
              Yalnızca şunlar kaydedilir: {what}. Ayrıca paylaşma, akışlara ve takvime abone \
              olma ve tartışma bağlantılarına yapılan tıklamaları sayıyoruz – yalnızca sayı \
              olarak, sizinle ilişkilendirilmeden. Tarayıcınızda „Do Not Track“ ya da „Global \
              Privacy Control“ açıksa sayaç betiği hiç yüklenmez.",
    pixel: " JavaScript olmadan görünmez bir resim yalnızca sayfa açılışını sayar.",
};

const UK: Wording = Wording {
    data: [
        "відкрита сторінка",
        "відкрита сторінка та її заголовок",
        "сторінка, з якої ви прийшли",
        "браузер",
        "операційна система",
        "тип пристрою",
        "розмір екрана",
        "роздільна здатність екрана",
        "мова",
        "країна",
    ],
    and: " і ",
    none: "Ми не вимірюємо відвідуваність цього сайту жодним аналітичним інструментом; \
           під час читання не завантажується жоден скрипт-лічильник.",
    counted: "Щоб знати, скільки людей читає наші сторінки, ми рахуємо відвідування за \
              допомогою {name}, що працює на {host}. Файли cookie не встановлюються, \
              персональні дані та ваша IP-адреса не зберігаються; відвідування не пов'язуються \
              між днями чи сайтами. Фіксуються лише: {what}. Також ми рахуємо натискання на \
              посилання, щоб поділитися, підписатися на стрічки й календар і долучитися до \
              обговорення – лише як кількість, без зв'язку з вами. Якщо у вашому браузері \
              увімкнено «Do Not Track» або «Global Privacy Control», скрипт-лічильник узагалі \
              не завантажується.",
    pixel: " Без JavaScript невидиме зображення рахує лише перегляд сторінки.",
};

const RU: Wording = Wording {
    data: [
        "открытая страница",
        "открытая страница и её заголовок",
        "страница, с которой вы пришли",
        "браузер",
        "операционная система",
        "тип устройства",
        "размер экрана",
        "разрешение экрана",
        "язык",
        "страна",
    ],
    and: " и ",
    none: "Мы не измеряем посещаемость этого сайта никаким инструментом аналитики; во время \
           чтения не загружается ни один скрипт-счётчик.",
    counted: "Чтобы знать, сколько людей читает наши страницы, мы считаем посещения с помощью \
              {name}, работающего на {host}. Файлы cookie не устанавливаются, персональные \
              данные и ваш IP-адрес не сохраняются; посещения не связываются между днями или \
              сайтами. Фиксируются только: {what}. Также мы считаем нажатия на ссылки, чтобы \
              поделиться, подписаться на ленты и календарь и перейти к обсуждению – только как \
              количество, без связи с вами. Если в вашем браузере включён «Do Not Track» или \
              «Global Privacy Control», скрипт-счётчик вообще не загружается.",
    pixel: " Без JavaScript невидимое изображение считает только просмотр страницы.",
};

const AR: Wording = Wording {
    data: [
        "الصفحة التي فُتحت",
        "الصفحة التي فُتحت وعنوانها",
        "الصفحة التي جئت منها",
        "المتصفح",
        "نظام التشغيل",
        "نوع الجهاز",
        "حجم الشاشة",
        "دقة الشاشة",
        "اللغة",
        "البلد",
    ],
    and: " و",
    none: "لا نقيس عدد زوار هذا الموقع بأي أداة تحليل؛ ولا يُحمَّل أي برنامج عدّ أثناء القراءة.",
    counted: "لنعرف كم شخصًا يقرأ صفحاتنا، نعدّ الزيارات باستخدام {name} الذي يعمل على {host}. \
              لا تُستخدم ملفات تعريف الارتباط (cookies)، ولا تُحفظ أي بيانات شخصية ولا عنوان \
              IP الخاص بك، ولا تُربط الزيارات ببعضها عبر الأيام أو المواقع. لا يُسجَّل إلا: \
              {what}. ونعدّ أيضًا النقرات على روابط المشاركة والاشتراك في الخلاصات والتقويم \
              والنقاش – كأرقام فقط، دون أي صلة بك. إذا كان «Do Not Track» أو «Global Privacy \
              Control» مفعّلًا في متصفحك، فلن يُحمَّل برنامج العدّ أصلًا.",
    pixel: " من دون JavaScript تعدّ صورة غير مرئية مشاهدة الصفحة فقط.",
};

fn wording(lang: Language) -> &'static Wording {
    match lang {
        Language::De => &DE,
        Language::En => &EN,
        Language::Tr => &TR,
        Language::Uk => &UK,
        Language::Ru => &RU,
        Language::Ar => &AR,
    }
}

/// "a, b and c" in `w`'s language (Arabic joins "و" to the last item).
fn list(w: &Wording, data: &[Datum]) -> String {
    let names: Vec<&str> = data.iter().map(|&d| w.data[d as usize]).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => {
            let comma = if std::ptr::eq(w, &AR) { "، " } else { ", " };
            format!("{}{}{last}", rest.join(comma), w.and)
        }
        None => String::new(),
    }
}

/// The paragraph as HTML (`<p class="analytics-notice">`), in `lang`.
pub fn analytics_notice(config: &SiteConfig, lang: Language) -> String {
    let w = wording(lang);
    let Some(a) = &config.analytics else {
        return format!("<p class=\"analytics-notice\">{}</p>", w.none);
    };
    let host = a.base().split_once("://").map_or(a.base(), |(_, h)| h);
    let text = w
        .counted
        .replace("{name}", a.provider.name())
        .replace("{host}", &html(host))
        .replace("{what}", &list(w, measured(a.provider)));
    let pixel = if a.pixel("/").is_some() { w.pixel } else { "" };
    format!("<p class=\"analytics-notice\">{text}{pixel}</p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(analytics: &str) -> SiteConfig {
        let text = format!("title: T\nbase_url: https://a.example/\n{analytics}");
        SiteConfig::from_str(&text, std::path::Path::new("kiez.yaml")).unwrap()
    }

    #[test]
    fn names_the_tool_and_its_host_in_both_languages() {
        let c = config("analytics:\n  provider: matomo\n  url: https://m.example/\n  id: \"3\"\n");
        let de = analytics_notice(&c, Language::De);
        assert!(de.contains("Matomo, betrieben unter m.example."), "{de}");
        assert!(de.contains("unsichtbares Bild"));
        let en = analytics_notice(&c, Language::En);
        assert!(en.contains("with Matomo, run at m.example."), "{en}");
        let none = analytics_notice(&config(""), Language::De);
        assert!(none.contains("nicht mit einem Analysewerkzeug"));
        let ar = analytics_notice(&c, Language::Ar);
        assert!(ar.contains("Matomo الذي يعمل على m.example"), "{ar}");
        assert!(ar.contains("اللغة والبلد"), "{ar}");
        let tr = analytics_notice(&c, Language::Tr);
        assert!(tr.contains("dil ve ülke"), "{tr}");
    }
}
