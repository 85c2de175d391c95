namespace Fathom.Server.DashScope;

/// <summary>An error as the API reports it: the HTTP status, the DashScope code and a message that says what to do.</summary>
public sealed record DashScopeError(int HttpStatus, string Code, string Message)
{
    public static DashScopeError InvalidApiKey() =>
        new(401, "InvalidApiKey", "Invalid API-key provided. Send 'Authorization: Bearer <key>' with a key the server was configured with (FATHOM_API_KEYS).");

    public static DashScopeError EmptyModel() =>
        new(400, "BadRequest.EmptyModel", "Required parameter \"model\" missing from request.");

    public static DashScopeError EmptyInput() =>
        new(400, "BadRequest.EmptyInput", "Required input parameter missing from request: send \"input\": {\"messages\": [...]}.");

    public static DashScopeError InvalidParameter(string message) => new(400, "InvalidParameter", message);

    public static DashScopeError ModelNotFound(string model, IEnumerable<string> known) =>
        new(404, "ModelNotFound", $"Model can not be found: '{model}'. Use one of: {string.Join(", ", known)}.");

    public static DashScopeError StreamOnly() =>
        new(400, "InvalidParameter", "This model only support stream mode, please enable the stream parameter to access the model. Send the header 'X-DashScope-SSE: enable'.");

    public static DashScopeError TooLarge(long limit) =>
        new(413, "BadRequest.TooLarge", $"Payload Too Large: the request body may have at most {limit} bytes.");

    public static DashScopeError RateQuota(int limit) =>
        new(429, "Throttling.RateQuota", $"Requests rate limit exceeded, please try again later. This key may have {limit} runs going at once.");

    public static DashScopeError Overloaded(int running, int waiting) =>
        new(503, "ServiceUnavailable", $"Service temporarily unavailable, possibly overloaded: {running} runs are going and {waiting} wait for a turn, as many as this server takes. Try again later.");

    public static DashScopeError Interrupted(string runId) =>
        new(503, "ServiceUnavailable", $"Service temporarily unavailable: the server is stopping. The run is stored as interrupted; after the restart, POST /api/v1/research/{runId}/resume continues it.");

    public static DashScopeError Internal(string detail) =>
        new(500, "InternalError", $"An internal error has occured, please try again later or contact service support. {detail}");
}
