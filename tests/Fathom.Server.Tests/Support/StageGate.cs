namespace Fathom.Server.Tests.Support;

/// <summary>Holds the scripted model at one stage until the test lets it go, and says when it got there.</summary>
internal sealed class StageGate(string stage, int number = -1)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Open() => _open.TrySetResult();

    public async Task Wait(string at, int n, CancellationToken cancellationToken)
    {
        if (at == stage && (number < 0 || n == number))
        {
            _reached.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }
    }
}
