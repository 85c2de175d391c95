using Fathom.Reading;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// Pages in languages other than English read as English pages do: the classifier learned from
/// English-language sites, and a page's words, punctuation and address in another language must
/// not turn a story, a manual or a thread into something else.
/// </summary>
public sealed class OtherLanguagePagesTests
{
    private const string RussianStory = """
        <!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Как чай попал в Европу — Историческая газета</title></head><body>
        <header><nav><a href="/">Главная</a> <a href="/news">Новости</a> <a href="/hist">История</a> <a href="/cult">Культура</a> <a href="/sci">Наука</a></nav></header>
        <main><article><h1>Как чай попал в Европу</h1><p class="byline">Иван Петров, 5 марта 2024</p>
        <p>В начале семнадцатого века голландская Ост-Индская компания впервые доставила китайский чай в Амстердам. Тогда он стоил очень дорого, и пить его могли только аристократы и богатые купцы, которые считали чай лекарством.</p>
        <p>С расширением торговли цены постепенно снизились. К середине века лондонские кофейни начали продавать чай, и горожане впервые смогли попробовать напиток с Востока. В 1662 году португальская принцесса Екатерина вышла замуж за английского короля Карла II и принесла привычку пить чай ко двору.</p>
        <p>В восемнадцатом веке британская Ост-Индская компания сменила голландцев в роли главного поставщика. Чтобы удовлетворить растущий спрос, Англия ежегодно закупала в Кантоне огромные объёмы чая, а Китай требовал оплаты серебром.</p>
        <p>Сегодня чай — второй по популярности напиток в мире после воды. История его пути в Европу — это история торговли и культурного обмена между Востоком и Западом.</p>
        </article>
        <div class="share">Поделиться: <a href="#">ВКонтакте</a> <a href="#">Telegram</a> <a href="#">Одноклассники</a></div>
        <section class="related"><h3>Читайте также</h3><ul><li><a href="/1">Великий шёлковый путь и его торговцы</a></li><li><a href="/2">Фарфор, который изменил Европу</a></li><li><a href="/3">История кофе в России</a></li></ul></section>
        <div class="subscribe"><p>Подпишитесь на нашу рассылку, чтобы первыми узнавать о новых публикациях.</p><form><input type="email"><button>Подписаться</button></form></div>
        </main><aside><h3>Популярное</h3><ol><li><a href="/p1">Археологи нашли древний город на Урале</a></li><li><a href="/p2">Новая выставка в Эрмитаже</a></li></ol><div>Реклама</div></aside>
        <footer><p>© 2024 Историческая газета. Все права защищены.</p><p><a href="/about">О нас</a> <a href="/contacts">Контакты</a></p></footer></body></html>
        """;

    private const string JapaneseManual = """
        <!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>リストの操作 — Python チュートリアル ドキュメント</title></head><body>
        <div class="related" role="navigation"><ul><li><a href="/">ホーム</a></li><li><a href="/tutorial/">チュートリアル</a></li><li><a href="/next">次へ</a></li></ul></div>
        <div class="sphinxsidebar" role="navigation"><h3>目次</h3><ul><li><a href="#a">リストの作成</a></li><li><a href="#b">要素の追加</a></li><li><a href="#c">内包表記</a></li></ul><h4>前のトピックへ</h4><p><a href="/prev">文字列</a></p><div id="searchbox"><input type="text"><input type="submit" value="検索"></div></div>
        <div class="document"><div class="body" role="main">
        <h1>リストの操作</h1>
        <p>リストは Python で最もよく使われるデータ型のひとつです。角括弧の中に値をカンマで区切って並べることで作成できます。リストには異なる型の値を入れることもできますが、通常はすべて同じ型の値を入れます。</p>
        <h2 id="b">要素の追加</h2>
        <p>リストの末尾に要素を追加するには <code>append()</code> メソッドを使います。複数の要素をまとめて追加したい場合は <code>extend()</code> を使うと便利です。</p>
        <pre><code>fruits = ["りんご", "みかん"]
        fruits.append("ぶどう")
        print(fruits)  # ['りんご', 'みかん', 'ぶどう']</code></pre>
        <h2 id="c">内包表記</h2>
        <p>リスト内包表記を使うと、既存のリストから新しいリストを簡潔に作ることができます。たとえば、0 から 9 までの数の二乗のリストは次のように書けます。</p>
        <pre><code>squares = [x**2 for x in range(10)]</code></pre>
        <table><tr><th>メソッド</th><th>説明</th></tr><tr><td>append(x)</td><td>末尾に x を追加する</td></tr><tr><td>pop()</td><td>末尾の要素を取り出して返す</td></tr></table>
        </div></div>
        <div class="footer">© Copyright 2001-2024, Python Software Foundation. <a href="/bugs">バグを報告する</a> <a href="https://github.com/x/edit">このページを編集</a></div>
        </body></html>
        """;

    private const string GermanThread = """
        <!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Heizung macht Geräusche – was tun? - Haustechnik Forum</title></head><body>
        <header><a href="/">Forum Startseite</a> <a href="/login">Anmelden</a> <a href="/register">Registrieren</a></header>
        <nav class="breadcrumb"><a href="/">Foren</a> › <a href="/heizung">Heizung</a></nav>
        <h1>Heizung macht Geräusche – was tun?</h1>
        <div class="thread">
        <div class="post" id="p1"><div class="postheader"><a class="username" href="/u/klaus">Klaus_M</a> <time datetime="2024-01-12T09:13">12.01.2024, 09:13</time></div>
        <div class="postbody">Hallo zusammen, seit ein paar Tagen macht unsere Gasheizung morgens beim Anspringen ein lautes Klopfen in den Rohren. Das Haus ist von 1985, die Therme wurde vor vier Jahren getauscht. Hat jemand eine Idee, woran das liegen könnte?</div>
        <div class="postfooter"><a href="#">Antworten</a> <a href="#">Zitieren</a> <span class="likes">Gefällt mir (2)</span></div></div>
        <div class="post" id="p2"><div class="postheader"><a class="username" href="/u/heizungsbauer">Heizungsbauer_Tom</a> <time datetime="2024-01-12T10:40">12.01.2024, 10:40</time></div>
        <div class="postbody">Klingt nach Luft im System oder zu wenig Druck. Schau mal aufs Manometer, bei einem Einfamilienhaus sollten es kalt etwa 1,5 bar sein. Wenn es darunter liegt, Wasser nachfüllen und danach alle Heizkörper entlüften.</div>
        <div class="postfooter"><a href="#">Antworten</a> <a href="#">Zitieren</a> <span class="likes">Gefällt mir (5)</span></div></div>
        <div class="post" id="p3"><div class="postheader"><a class="username" href="/u/klaus">Klaus_M</a> <time datetime="2024-01-13T18:02">13.01.2024, 18:02</time></div>
        <div class="postbody">Danke Tom! Der Druck lag tatsächlich nur bei 0,8 bar. Nach dem Nachfüllen und Entlüften ist das Klopfen weg. Ich werde den Druck jetzt jede Woche kontrollieren.</div>
        <div class="postfooter"><a href="#">Antworten</a> <a href="#">Zitieren</a></div></div>
        </div>
        <div class="pagination"><a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=2">Weiter »</a></div>
        <div class="similar"><h3>Ähnliche Themen</h3><ul><li><a href="/t/1">Heizkörper wird nicht warm</a></li><li><a href="/t/2">Therme geht ständig aus</a></li></ul></div>
        <footer>© 2024 Haustechnik Forum · <a href="/impressum">Impressum</a> · <a href="/datenschutz">Datenschutz</a></footer></body></html>
        """;

    [Fact]
    public void RussianStory_KeepsEveryParagraph_DropsTheMenusRelatedStoriesAndFooter()
    {
        var article = new PageExtractor().Extract(RussianStory, "https://www.example.ru/history/2024/03/tea");

        Assert.Equal(PageType.Article, article.Type);
        Assert.Contains("В начале семнадцатого века голландская Ост-Индская компания", article.Text, StringComparison.Ordinal);
        Assert.Contains("С расширением торговли цены постепенно снизились", article.Text, StringComparison.Ordinal);
        Assert.Contains("История его пути в Европу", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Главная", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Великий шёлковый путь", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Подпишитесь", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Археологи", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Все права защищены", article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void JapaneseManual_KeepsHeadingsCodeAndTable_DropsTheSidebarAndTheEditLink()
    {
        var article = new PageExtractor().Extract(JapaneseManual, "https://docs.example.jp/3/tutorial/lists.html");

        Assert.Equal(PageType.Documentation, article.Type);
        Assert.Contains("## 要素の追加", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("```\nsquares = [x**2 for x in range(10)]\n```", article.Markdown, StringComparison.Ordinal);
        Assert.Contains("| append(x) | 末尾に x を追加する |", article.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("目次", article.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("検索", article.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("このページを編集", article.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", article.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void GermanThread_AtADiscussionAddress_IsReadAsAThread_WithEachPostsAuthorAndDate()
    {
        var article = new PageExtractor().Extract(GermanThread, "https://www.haustechnik-example.de/diskussion/heizung-macht-geraeusche");

        Assert.Equal(PageType.Forum, article.Type);
        Assert.Contains("Klaus_M", article.Text, StringComparison.Ordinal);
        Assert.Contains("Heizungsbauer_Tom", article.Text, StringComparison.Ordinal);
        Assert.Contains("12.01.2024, 10:40", article.Text, StringComparison.Ordinal);
        Assert.Contains("Hat jemand eine Idee", article.Text, StringComparison.Ordinal);
        Assert.Contains("Der Druck lag tatsächlich nur bei 0,8 bar", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Heizkörper wird nicht warm", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Zitieren", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Impressum", article.Text, StringComparison.Ordinal);
    }
}
