using AngleSharp.Dom;

namespace Fathom.Reading.Extraction;

/// <summary>
/// The children of a node, read by position in its child list. AngleSharp finds a node's next sibling
/// by searching its parent's children from the first, so a walk through <c>NextSibling</c> or
/// <c>NextElementSibling</c> costs the square of their number (a list of 2,000 items: two million
/// steps); the child list's indexer costs one step. The walk must not move the children it reads.
/// </summary>
internal static class ChildNodes
{
    /// <summary>Every child node of <paramref name="parent"/>, in order.</summary>
    public static Nodes Of(INode parent) => new(parent.ChildNodes);

    /// <summary>The element children of <paramref name="parent"/>, in order.</summary>
    public static Elements ElementsOf(INode parent) => new(parent.ChildNodes);

    /// <summary>Child nodes in order, enumerated without allocating.</summary>
    internal readonly struct Nodes(INodeList list)
    {
        public NodeEnumerator GetEnumerator() => new(list);
    }

    /// <summary>Element children in order, enumerated without allocating.</summary>
    internal readonly struct Elements(INodeList list)
    {
        public ElementEnumerator GetEnumerator() => new(list);
    }

    /// <summary>Walks a child list by position.</summary>
    internal struct NodeEnumerator(INodeList list)
    {
        private int index = -1;

        public readonly INode Current => list[index];

        public bool MoveNext() => ++index < list.Length;
    }

    /// <summary>Walks a child list by position, stopping at elements only.</summary>
    internal struct ElementEnumerator(INodeList list)
    {
        private IElement? current;
        private int index = -1;

        public readonly IElement Current => current!;

        public bool MoveNext()
        {
            while (++index < list.Length)
            {
                if (list[index] is IElement e)
                {
                    current = e;
                    return true;
                }
            }

            return false;
        }
    }
}
