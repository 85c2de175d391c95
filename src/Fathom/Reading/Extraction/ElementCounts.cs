using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>How many paragraphs, images, list items and form inputs an element holds, and how much list text.</summary>
internal readonly record struct ElementCounts(int Paragraphs, int Images, int ListItems, int Inputs, int ListChars)
{
    /// <summary>Counts the descendants of <paramref name="e"/> in one walk.</summary>
    public static ElementCounts Of(IElement e)
    {
        int paragraphs = 0, images = 0, items = 0, inputs = 0, listChars = 0;
        Walk(e, insideList: false);
        return new ElementCounts(paragraphs, images, items, inputs, listChars);

        void Walk(IElement parent, bool insideList)
        {
            foreach (var child in ChildNodes.Of(parent))
            {
                if (child is IText text)
                {
                    if (insideList)
                    {
                        listChars += TextStats.Measure(text.Data).Length;
                    }

                    continue;
                }

                if (child is not IElement c)
                {
                    continue;
                }

                switch (c.LocalName)
                {
                    case "p":
                        paragraphs++;
                        break;
                    case "img":
                        images++;
                        break;
                    case "li":
                        items++;
                        break;
                    case "input" or "select" or "textarea" or "button":
                        inputs++;
                        break;
                }

                Walk(c, insideList || c.LocalName is "ul" or "ol");
            }
        }
    }
}
