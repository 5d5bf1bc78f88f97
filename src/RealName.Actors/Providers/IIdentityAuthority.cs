namespace RealName.Actors.Providers;

public enum IdentityCheckOutcome
{
    Match,
    Mismatch,
    Unavailable,
}

/// <summary>The outside authority that says whether a name and an ID number belong together.</summary>
public interface IIdentityAuthority
{
    Task<IdentityCheckOutcome> CheckAsync(string name, string idNumber, CancellationToken cancellationToken);
}
