using AngleSharp.Html.Parser;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class PageSignalsTests
{
    [Theory]
    [InlineData("https://forum.example.com/threads/boiler-noise.123/", "url_forum")]
    [InlineData("https://www.example.es/foro/calefaccion/ruido-caldera", "url_forum")]
    [InlineData("https://www.example.de/diskussion/heizung-klopft", "url_forum")]
    [InlineData("https://shop.example.de/produkt/wasserkocher-2000", "url_product")]
    [InlineData("https://www.example.fr/produit/bouilloire-2000", "url_product")]
    [InlineData("https://www.example.it/prodotto/bollitore-2000", "url_product")]
    [InlineData("https://shop.example.de/kategorie/kueche", "url_collection")]
    [InlineData("https://www.example.pl/katalog/agd", "url_collection")]
    [InlineData("https://www.example.de/nachrichten/2024/stadtrat", "url_article")]
    [InlineData("https://www.example.es/noticias/ayuntamiento", "url_article")]
    [InlineData("https://www.example.it/notizie/comune", "url_article")]
    [InlineData("https://www.example.de/preise", "url_service")]
    [InlineData("https://www.example.fr/tarifs", "url_service")]
    [InlineData("https://www.example.de/dokumentation/installation", "url_doc")]
    public void Address_InTheWordsOfTheSitesLanguage_SaysThePagesKind(string url, string feature)
    {
        Assert.Equal(1, Signals(url)[Array.IndexOf(PageSignals.Names, feature)]);
    }

    [Theory]
    [InlineData("https://www.uforocks.com/blog/why-cheap-seo-doesnt-work/", "url_forum")] // "foro" inside another word
    [InlineData("https://news.example.com/politics/tariffs-on-steel", "url_service")] // "tarif" inside "tariffs"
    [InlineData("https://www.example.com/reproduktion-history", "url_product")]
    public void Word_InsideAnotherWord_SaysNothing(string url, string feature)
    {
        Assert.Equal(0, Signals(url)[Array.IndexOf(PageSignals.Names, feature)]);
    }

    private static float[] Signals(string url) =>
        PageSignals.Read(new HtmlParser().ParseDocument("<html><body><p>A page.</p></body></html>"), url);
}
