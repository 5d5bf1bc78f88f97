using System.Text;
using RealName.Domain.Security;

namespace RealName.Actors.Budgets;

/// <summary>
/// The key of a budget subject: the budget's name and 128 bits of HMAC-SHA256 (the node's
/// <c>IdKeySecret</c>) of the budget's name and the subject. Phones, ID numbers, account numbers
/// and client addresses never appear in an entity id, a log line or a metric, and the same
/// subject gets the same key on every node (they share the secret).
/// </summary>
public static class BudgetKeys
{
    public static string For(byte[] secret, string budget, string subject)
    {
        var mac = IdKeys.Compute(secret, "budget:" + budget + "\n" + subject);
        return new StringBuilder(budget.Length + 33).Append(budget).Append('.').Append(mac, 0, 32).ToString();
    }
}
