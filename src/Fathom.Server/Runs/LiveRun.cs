using System.Threading.Channels;
using Fathom.Events;

namespace Fathom.Server.Runs;

/// <summary>
/// A run going on in this process: how to cancel it, and its followers. Each follower has its own
/// bounded queue; one that falls too far behind is cut loose and catches up from the store, so a
/// slow client never holds the run back and never misses an event.
/// </summary>
internal sealed class LiveRun(string id, string owner) : IDisposable
{
    private const int FollowerCapacity = 4096;
    private readonly Lock _gate = new();
    private readonly List<Follower> _followers = [];
    private bool _completed;

    public string Id => id;

    public string Owner => owner;

    /// <summary>Cancelled by DELETE: the run ends as cancelled and can be resumed.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Cancelled when another node is to go on with the run: it ends as interrupted, like a stopping server's.</summary>
    public CancellationTokenSource HandOver { get; } = new();

    public Task Pump { get; set; } = Task.CompletedTask;

    /// <summary>Whether the run holds a place in <see cref="RunAdmission"/> (it waits for a turn and gives the place back).</summary>
    public bool HoldsPlace { get; init; }

    /// <summary>Whether the run waits for a turn (see <see cref="RunAdmission"/>).</summary>
    public bool Queued { get; set; }

    /// <summary>Starts following; null when the run has already ended (its events are all in the store).</summary>
    public Follower? Attach()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return null;
            }

            var follower = new Follower(Channel.CreateBounded<ResearchEvent>(new BoundedChannelOptions(FollowerCapacity) { SingleReader = true, SingleWriter = true }));
            _followers.Add(follower);
            return follower;
        }
    }

    public void Detach(Follower follower)
    {
        lock (_gate)
        {
            _followers.Remove(follower);
        }
    }

    /// <summary>Hands a stored event to every follower.</summary>
    public void Publish(ResearchEvent e)
    {
        lock (_gate)
        {
            for (var i = _followers.Count - 1; i >= 0; i--)
            {
                var follower = _followers[i];
                if (!follower.Events.Writer.TryWrite(e))
                {
                    follower.Lagged = true;
                    follower.Events.Writer.TryComplete();
                    _followers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>The run ended (or stopped): followers finish once they have read what was published.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var follower in _followers)
            {
                follower.Events.Writer.TryComplete();
            }

            _followers.Clear();
        }
    }

    public void Dispose()
    {
        Cancellation.Dispose();
        HandOver.Dispose();
    }

    /// <summary>One follower's queue; <see cref="Lagged"/> when it was cut loose for falling behind.</summary>
    internal sealed class Follower(Channel<ResearchEvent> events)
    {
        public Channel<ResearchEvent> Events => events;

        public bool Lagged { get; set; }
    }
}
