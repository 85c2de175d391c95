namespace Fathom.Models.Providers;

/// <summary>
/// The model server answered 200 but the body cannot be read as an answer: cut off before its end,
/// an event stream that stopped before its last event, or neither JSON nor an event stream. It is
/// an <see cref="HttpRequestException"/> without a status, so the call is retried like a dropped
/// connection; its message is written to be shown and holds nothing of the request.
/// </summary>
public sealed class ModelAnswerUnreadableException : HttpRequestException
{
    public ModelAnswerUnreadableException()
    {
    }

    public ModelAnswerUnreadableException(string message)
        : base(message)
    {
    }

    public ModelAnswerUnreadableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
