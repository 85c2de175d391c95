using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class JsonLdProductTests
{
    private const string Description = "Hand-thrown stoneware mug with a speckled glaze, holds 350 ml and is safe in the dishwasher and microwave.";

    private static readonly string Page = $$$"""
        <html><head><title>Speckled mug | Shop</title>
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "BreadcrumbList", "itemListElement": []},
          {"@type": "Product", "name": "Speckled Stoneware Mug", "description": "<p>{{{Description.Replace("-", "&#45;", StringComparison.Ordinal)}}}</p>",
           "offers": {"@type": "Offer", "price": "24.00", "priceCurrency": "EUR"}}]}
        </script></head>
        <body><h1>Speckled Stoneware Mug</h1><p>Price: 24.00 EUR. Ships within two working days from our studio.</p></body></html>
        """;

    [Fact]
    public void Read_FindsTheProductInAGraph_AsPlainText()
    {
        var product = PageAnalysis.Of(Page, null).Metadata.Product;

        Assert.NotNull(product);
        Assert.Equal("Speckled Stoneware Mug", product.Name);
        Assert.Equal(Description, product.Description);
        Assert.Equal("Price: 24 EUR", product.Price?.ToString());
    }

    [Theory]
    [InlineData("""{"@type": "Offer", "price": 1299, "priceCurrency": "EUR"}""", "Price: 1299 EUR")]
    [InlineData("""[{"@type": "Offer", "availability": "OutOfStock"}, {"@type": "Offer", "price": "19.95"}]""", "Price: 19.95")]
    [InlineData("""{"@type": "AggregateOffer", "lowPrice": "2.98", "highPrice": "79.98", "priceCurrency": "GBP"}""", "Price: 2.98–79.98 GBP")]
    [InlineData("""{"@type": "Offer", "price": "0", "priceCurrency": "USD"}""", null)]
    public void Read_TakesThePriceOfTheFirstOfferThatStatesOne(string offers, string? price)
    {
        var page = PageAnalysis.Of($$"""<html><head><script type="application/ld+json">{"@type": "Product", "name": "Mug", "offers": {{offers}}}</script></head><body><p>x</p></body></html>""", null);

        Assert.Equal(price, page.Metadata.Product?.Price?.ToString());
    }

    [Theory]
    [InlineData("""<meta itemprop="price" content="49.90"><meta itemprop="priceCurrency" content="CHF">""", "Price: 49.90 CHF")]
    [InlineData("""<meta property="product:price:amount" content="1299"><meta property="product:price:currency" content="USD">""", "Price: 1299 USD")]
    [InlineData("""<meta itemprop="price" content="free">""", null)]
    public void Read_TakesThePriceFromMetaTags_WhereNoJsonLdStatesOne(string tags, string? price)
    {
        var page = PageAnalysis.Of($"<html><head>{tags}</head><body><p>x</p></body></html>", null);

        Assert.Equal(price, page.Metadata.Product?.Price?.ToString());
        Assert.Null(page.Metadata.Product?.Name);
    }

    [Theory]
    [InlineData("Now $1,299.00, was $1,499.00", true)]
    [InlineData("1.299,00 € inkl. MwSt.", true)]
    [InlineData("Only 1299 left at this price", true)]
    [InlineData("Model 21299 in stock", false)]
    [InlineData("Reviews (12)", false)]
    public void MissingFrom_AddsThePrice_WhereTheKeptTextStatesNoneOfItsAmounts(string kept, bool stated)
    {
        var product = new JsonLdProduct(null, null, new JsonLdPrice(1299m, null, "EUR"));

        Assert.Equal(stated ? [] : ["Price: 1299 EUR"], product.MissingFrom(kept));
    }

    [Fact]
    public void MissingFrom_ReturnsOnlyThePartsTheKeptTextMostlyLacks()
    {
        var product = new JsonLdProduct("Speckled Stoneware Mug", Description);

        Assert.Equal([Description], product.MissingFrom("Speckled Stoneware Mug\n\nShips within two days."));
        Assert.Equal(["Speckled Stoneware Mug", Description], product.MissingFrom("Reviews (12)"));
        Assert.Empty(product.MissingFrom("Speckled stoneware mug. " + Description));
    }

    [Theory]
    [InlineData(PageType.Product, true)]
    [InlineData(PageType.Article, false)]
    [InlineData(PageType.Collection, false)]
    public void Compose_AddsTheDeclaredDescription_OnlyToAPageTakenForAProduct(PageType type, bool added)
    {
        var page = PageAnalysis.Of(Page, null);
        var scores = page.Blocks.Select(_ => 1f).ToArray();

        var article = PageExtractor.Compose(page, scores, 0, type, bounded: false);

        Assert.Equal(added, article.Text.Contains(Description, StringComparison.Ordinal));
        Assert.Contains("Ships within two working days", article.Text, StringComparison.Ordinal);

        // The name is kept from the page's heading (an article's title heading is left to the title), never added twice.
        Assert.InRange(article.Text.Split("Speckled Stoneware Mug").Length - 1, 0, 1);
    }

    [Fact]
    public void Read_IgnoresBrokenJsonLd_AndPagesWithoutAProduct()
    {
        var broken = PageAnalysis.Of("""<html><head><script type="application/ld+json">{"@type": "Product", "name": </script></head><body><p>x</p></body></html>""", null);
        var article = PageAnalysis.Of("""<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story"}</script></head><body><p>x</p></body></html>""", null);

        Assert.Null(broken.Metadata.Product);
        Assert.Null(article.Metadata.Product);
    }
}
