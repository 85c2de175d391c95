using Fathom.Reading;
using Fathom.Reading.Extraction;
using Fathom.Reading.Extraction.Blocks;

namespace Fathom.Tests.Reading.Extraction;

public sealed class ItemCardsTests
{
    private const string Category = """
        <html><body>
        <nav><ul><li><a href="/c/boots">Hiking Boots</a></li><li><a href="/c/shoes">Trail Shoes</a></li></ul></nav>
        <h1>Hiking Boots</h1>
        <ul class="grid">
          <li class="card"><div class="name"><a href="/p/1">Moab 3 Mid Waterproof Hiking Boots</a></div>
            <div class="rating"><a href="/p/1#reviews">Be the first to review</a></div><div class="price">$170.00</div>
            <div class="actions"><a href="/compare/1">Add to compare</a></div></li>
          <li class="card"><div class="name"><a href="/p/2">Kaha 3 GTX Hiking Boots</a></div>
            <div class="rating"><a href="/p/2#reviews">Read 12 reviews</a></div><div class="price">$240.00</div>
            <div class="actions"><a href="/compare/2">Add to compare</a></div></li>
          <li class="card"><div class="name"><a href="/p/3">Sawtooth X Mid Hiking Boots</a></div>
            <div class="price">$160.00</div></li>
        </ul>
        </body></html>
        """;

    [Fact]
    public void Keep_AddsTheNameOfAKeptPrice_NotTheCardsReviewOrCompareLinks()
    {
        var page = PageAnalysis.Of(Category, "https://shop.example/c/boots");
        var keep = page.Blocks.Select(b => b.Text == "$170.00").ToArray();

        ItemCards.Keep(keep, page.Blocks);

        Assert.Equal(["Moab 3 Mid Waterproof Hiking Boots", "$170.00"], Kept(page, keep));
    }

    [Fact]
    public void Keep_AddsThePriceOfAKeptName()
    {
        var page = PageAnalysis.Of(Category, null);
        var keep = page.Blocks.Select(b => b.Text is "Kaha 3 GTX Hiking Boots" or "Sawtooth X Mid Hiking Boots").ToArray();

        ItemCards.Keep(keep, page.Blocks);

        Assert.Equal(["Kaha 3 GTX Hiking Boots", "$240.00", "Sawtooth X Mid Hiking Boots", "$160.00"], Kept(page, keep));
    }

    [Fact]
    public void Keep_LeavesACardWithBothKept_AndWhatLiesOutsideEveryCard()
    {
        var page = PageAnalysis.Of(Category, null);
        var keep = page.Blocks.Select(b => b.Text is "Hiking Boots" or "Sawtooth X Mid Hiking Boots" or "$160.00").ToArray();
        var before = Kept(page, keep);

        ItemCards.Keep(keep, page.Blocks);

        Assert.Equal(before, Kept(page, keep));
    }

    [Fact]
    public void Keep_DoesNotPairANameAndAPriceAcrossAGrid()
    {
        // A name and a price that only the whole list holds together are not one item's.
        const string list = """
            <html><body><div class="list">
            <p><a href="/a">First Product Name</a></p><p>Free delivery on every order</p><p>Ships within a day</p>
            <p>Thousands of happy customers</p><p>Easy returns for a month</p><p>Ask our experts anything</p>
            <p>Gift cards in every amount</p><p>Members earn points on orders</p><p>Price match on $50 or more</p>
            </div></body></html>
            """;
        var page = PageAnalysis.Of(list, null);
        var keep = page.Blocks.Select(b => b.Text.StartsWith("Price match", StringComparison.Ordinal)).ToArray();

        ItemCards.Keep(keep, page.Blocks);

        Assert.DoesNotContain("First Product Name", Kept(page, keep));
    }

    [Theory]
    [InlineData("1 990 ₽")]
    [InlineData("49,99 zł")]
    [InlineData("1,980円")]
    [InlineData("CHF 49.90")]
    [InlineData("Rs. 499")]
    [InlineData("299 kr")]
    [InlineData("19,95 €")]
    public void Keep_ReadsPricesAsShopsInManyCountriesWriteThem(string price) =>
        Assert.Equal(["Kaha 3 GTX Hiking Boots", price], KeptWithPrice(price));

    [Theory]
    [InlineData("6 ft ladder in stock")]
    [InlineData("Try 30 days free")]
    [InlineData("Model 2024 edition")]
    public void Keep_TakesNoOtherNumberForAPrice(string text) =>
        Assert.Equal([text], KeptWithPrice(text));

    /// <summary>The card page with <paramref name="text"/> where its price was, only that block kept at first: what the item-card rule then keeps.</summary>
    private static List<string> KeptWithPrice(string text)
    {
        var page = PageAnalysis.Of(Category.Replace("$240.00", text, StringComparison.Ordinal), null);
        var keep = page.Blocks.Select(b => b.Text == text).ToArray();

        ItemCards.Keep(keep, page.Blocks);

        return Kept(page, keep);
    }

    [Theory]
    [InlineData(PageType.Collection, true)]
    [InlineData(PageType.Listing, true)]
    [InlineData(PageType.Product, false)]
    [InlineData(PageType.Article, false)]
    public void PageExtractor_PairsNamesAndPricesOnPagesOfItemsOnly(PageType type, bool paired)
    {
        var page = PageAnalysis.Of(Category, null);
        var scores = page.Blocks.Select(b => b.Text.StartsWith('$') ? 1f : -1f).ToArray();

        var keep = PageExtractor.Keep(page, scores, 0, type, bounded: false);

        Assert.Equal(paired, Kept(page, keep).Contains("Moab 3 Mid Waterproof Hiking Boots"));
    }

    private static List<string> Kept(PageAnalysis page, bool[] keep) => page.Blocks.Where((_, i) => keep[i]).Select(b => b.Text).ToList();
}
