namespace Fathom.Models.Chat;

/// <summary>Why a model call gave no usable answer.</summary>
internal enum CallFailure
{
    /// <summary>The call was not made: it would have crossed a budget.</summary>
    Budget,

    /// <summary>The model answered, but not usably even after one repair; the answer was rejected.</summary>
    Rejected,

    /// <summary>The provider failed after its retries; the failure was recorded and the run goes on.</summary>
    ProviderFailed,
}

/// <summary>A usable answer, or why there is none.</summary>
internal readonly record struct CallOutcome<T>(T? Value, CallFailure? Failure)
{
    public bool Succeeded => Failure is null && Value is not null;

    public static CallOutcome<T> Ok(T value) => new(value, null);

    public static CallOutcome<T> Failed(CallFailure failure) => new(default, failure);
}
