namespace RealName.Domain.Sessions;

/// <summary>Default human messages per code; none of them may contain a submitted value.</summary>
public static class ErrorMessages
{
    public static string For(string code) => code switch
    {
        ErrorCodes.NameIdMismatch => "The name and ID number do not belong together.",
        ErrorCodes.BelowMinimumAge => "Verification needs a person of at least 18 (from the day after the 18th birthday).",
        ErrorCodes.IdAlreadyVerified => "This ID number already verifies another account.",
        ErrorCodes.AccountAlreadyVerified => "This account already holds a verified identity.",
        ErrorCodes.ProviderUnavailable => "The identity authority is unavailable; nothing was lost, retry later.",
        ErrorCodes.FaceMismatch => "The face did not match the ID photo.",
        ErrorCodes.LivenessFailed => "The liveness check failed.",
        ErrorCodes.TooManyAttempts => "Too many failed attempts; the session has failed.",
        ErrorCodes.PhoneIdMismatch => "The mobile number is not registered to this identity; use the real-name number of this ID card.",
        ErrorCodes.BankCardMismatch => "The bank card, its reserved mobile number and the identity do not belong together.",
        ErrorCodes.GroupAccountNotVerified => "The group account has not completed real-name verification.",
        ErrorCodes.GroupAccountNoPhone => "The group account has no mobile number; set one in the group's account settings first.",
        ErrorCodes.GroupNotLinked => "This account is not linked to a group account.",
        ErrorCodes.EnterpriseNotLinked => "No enterprise of the group is linked to this account.",
        ErrorCodes.EnterpriseNotVerified => "The linked enterprise has not completed enterprise verification at the group.",
        ErrorCodes.CodeIncorrect => "The code is not correct.",
        ErrorCodes.CodeExpired => "The code has expired; request a new one.",
        ErrorCodes.ResendTooSoon => "A new code can be requested after the cooldown.",
        ErrorCodes.EnterpriseMismatch => "The business registry does not confirm these enterprise details.",
        ErrorCodes.AmountIncorrect => "The amount is not correct.",
        ErrorCodes.FaceCheckUnknown => "No face check with this bizToken is open for a live scan.",
        ErrorCodes.FaceCheckUsed => "A result for this face check was already received.",
        _ => "The request was refused.",
    };
}
