using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Fathom.Reading.Extraction.Blocks;

/// <summary>
/// Keeps the author and the date of each kept post of a forum thread. A reader of a thread needs to
/// know who said what and when, but a poster's name or a date is a few words in a link or a
/// <c>time</c> element, which read alone like the bylines and widgets the classifier learns to drop.
/// A short block is taken for a post's author when it sits in a link to a member's profile or in an
/// element marked as the author (schema.org <c>author</c>, <c>rel="author"</c>), and for its date
/// when it sits in a <c>time</c> element or an element carrying a <c>datetime</c> or marked as the
/// date published; it is kept when it belongs to one kept post: the smallest element holding it and
/// the nearest kept block names no other author.
/// </summary>
internal static partial class PostHeaders
{
    /// <summary>The most words an author's name or a post's date has.</summary>
    public const int MaxWords = 6;

    /// <summary>How many blocks away the kept post a header belongs to may begin.</summary>
    public const int Reach = 12;

    /// <summary>Sets <paramref name="keep"/> for each author or date block of a kept post.</summary>
    public static void Keep(bool[] keep, IReadOnlyList<ContentBlock> blocks)
    {
        var kinds = new Header[blocks.Count];
        var any = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            kinds[i] = Of(blocks[i]);
            any |= kinds[i] != Header.None && !keep[i];
        }

        if (!any)
        {
            return;
        }

        var add = new List<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!keep[i] && kinds[i] != Header.None && Post(keep, blocks, i) is { } post && OneAuthor(keep, blocks, kinds, i, post))
            {
                add.Add(i);
            }
        }

        foreach (var i in add)
        {
            keep[i] = true;
        }
    }

    /// <summary>The smallest element holding block <paramref name="i"/> and the nearest kept block (after it first), or null.</summary>
    private static IElement? Post(bool[] keep, IReadOnlyList<ContentBlock> blocks, int i)
    {
        for (var d = 1; d <= Reach; d++)
        {
            if (i + d < blocks.Count && keep[i + d])
            {
                return CommonAncestor.Of(blocks[i].Element, blocks[i + d].Element);
            }
        }

        for (var d = 1; d <= Reach; d++)
        {
            if (i - d >= 0 && keep[i - d])
            {
                return CommonAncestor.Of(blocks[i].Element, blocks[i - d].Element);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the blocks inside <paramref name="post"/> (a run around block <paramref name="i"/>) name at
    /// most one author. A name in kept text is a reply's mention ("Hi @nathan"), not a header: it is not
    /// counted, else the post that answers someone by name keeps no header of its own.
    /// </summary>
    private static bool OneAuthor(bool[] keep, IReadOnlyList<ContentBlock> blocks, Header[] kinds, int i, IElement post)
    {
        if (post.LocalName is "body" or "html")
        {
            return false;
        }

        // The scan stops at a second author: a container of many posts is left after two, not walked whole.
        var count = 0;
        for (var j = i; j >= 0 && count <= 1 && post.Contains(blocks[j].Element); j--)
        {
            count += kinds[j] == Header.Author && !keep[j] ? 1 : 0;
        }

        for (var j = i + 1; j < blocks.Count && count <= 1 && post.Contains(blocks[j].Element); j++)
        {
            count += kinds[j] == Header.Author && !keep[j] ? 1 : 0;
        }

        return count <= 1;
    }

    private static Header Of(ContentBlock block)
    {
        if (block.Words is 0 or > MaxWords || block.Hidden)
        {
            return Header.None;
        }

        foreach (var node in block.Nodes)
        {
            for (var e = node.ParentElement; e is not null; e = e.ParentElement)
            {
                if (Kind(e) is var kind and not Header.None)
                {
                    return kind;
                }

                if (e == block.Element)
                {
                    break;
                }
            }
        }

        return Header.None;
    }

    private static Header Kind(IElement e)
    {
        if (e.LocalName == "time" || e.HasOwnAttribute("datetime"))
        {
            return Header.Date;
        }

        var itemprop = e.ReadAttribute("itemprop");
        if (itemprop is "datePublished" or "dateCreated")
        {
            return Header.Date;
        }

        if (itemprop is "author" or "creator" || e.ReadAttribute("rel") == "author"
            || (e.LocalName == "a" && e.ReadAttribute("href") is { } href && Profile().IsMatch(href)))
        {
            return Header.Author;
        }

        return Header.None;
    }

    // Where forum software links a member's profile: Discourse and Flarum /u/, phpBB memberlist.php,
    // vBulletin member.php, XenForo /members/, Invision /profile/, Stack Exchange /users/, Mastodon /@.
    [GeneratedRegex(@"/(u|users?|members?|profiles?|author)/|memberlist\.php|member\.php|/@[^/]|[?&](u|user|userid|memberid)=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Profile();

    private enum Header
    {
        None,
        Author,
        Date,
    }
}
