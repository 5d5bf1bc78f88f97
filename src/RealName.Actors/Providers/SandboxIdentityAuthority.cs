namespace RealName.Actors.Providers;

/// <summary>
/// The embedded default, like a payment provider's test mode: an ID number whose sequence digits
/// (positions 15–17) are <c>999</c> does not match its name, <c>998</c> finds the authority down,
/// any other valid number matches.
/// </summary>
public sealed class SandboxIdentityAuthority : IIdentityAuthority
{
    public const string MismatchSequence = "999";
    public const string UnavailableSequence = "998";

    public Task<IdentityCheckOutcome> CheckAsync(string name, string idNumber, CancellationToken cancellationToken)
    {
        var sequence = idNumber.Length == 18 ? idNumber.Substring(14, 3) : "";
        return Task.FromResult(sequence switch
        {
            MismatchSequence => IdentityCheckOutcome.Mismatch,
            UnavailableSequence => IdentityCheckOutcome.Unavailable,
            _ => IdentityCheckOutcome.Match,
        });
    }
}
