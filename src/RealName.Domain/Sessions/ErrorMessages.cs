namespace RealName.Domain.Sessions;

/// <summary>Default human messages per code; none of them may contain a submitted value.</summary>
public static class ErrorMessages
{
    public static string For(string code) => code switch
    {
        ErrorCodes.NameIdMismatch => "The name and ID number do not belong together.",
        ErrorCodes.IdAlreadyVerified => "This ID number already verifies another account.",
        ErrorCodes.AccountAlreadyVerified => "This account already holds a verified identity.",
        ErrorCodes.ProviderUnavailable => "The identity authority is unavailable; nothing was lost, retry later.",
        ErrorCodes.FaceMismatch => "The face did not match the ID photo.",
        ErrorCodes.LivenessFailed => "The liveness check failed.",
        ErrorCodes.TooManyAttempts => "Too many failed attempts; the session has failed.",
        _ => "The request was refused.",
    };
}
