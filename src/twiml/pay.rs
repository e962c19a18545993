//! `<Pay>` and its `<Prompt>`: collect a card or bank payment by phone.

use super::attrs::attr_enum;
use super::common::Parameter;
use super::gather::PromptContent;
use super::macros::{element, setters};
use super::node::{IntoNode, Node};
use super::say::Say;
use super::verbs::{Pause, Play};
use crate::{HttpMethod, Language};

element! {
    /// `<Pay>`: collects payment details with keypad input and hands them to
    /// a payment connector.
    Pay
}

impl Pay {
    /// A `<Pay />` with Twilio's defaults.
    pub fn new() -> Self {
        Self {
            node: Node::new("Pay"),
        }
    }

    setters! {
        /// `input`: how details are entered.
        input: PayInput => "input";
        /// `action`: the URL requested with the result.
        action: text => "action";
        /// `bankAccountType`: for ACH debits.
        bank_account_type: BankAccountType => "bankAccountType";
        /// `statusCallback`: the URL told about progress.
        status_callback: text => "statusCallback";
        /// `statusCallbackMethod`.
        status_callback_method: HttpMethod => "statusCallbackMethod";
        /// `timeout`: how long to wait for input, in whole seconds.
        timeout: seconds => "timeout";
        /// `maxAttempts`: tries before giving up.
        max_attempts: u32 => "maxAttempts";
        /// `securityCode`: ask for the card's security code.
        security_code: bool => "securityCode";
        /// `postalCode`: ask for the postal code.
        postal_code: bool => "postalCode";
        /// `minPostalCodeLength`.
        min_postal_code_length: u32 => "minPostalCodeLength";
        /// `paymentConnector`: the configured payment connector.
        payment_connector: text => "paymentConnector";
        /// `paymentMethod`: card or bank account.
        payment_method: PaymentMethod => "paymentMethod";
        /// `tokenType`: the kind of token to create.
        token_type: TokenType => "tokenType";
        /// `chargeAmount`: a decimal amount such as `10.00`; without it a
        /// token is created instead of a charge.
        charge_amount: text => "chargeAmount";
        /// `currency`: e.g. `usd`.
        currency: text => "currency";
        /// `description`.
        description: text => "description";
        /// `validCardTypes`: the accepted cards.
        valid_card_types: events CardType => "validCardTypes";
        /// `language`: the language of the built-in prompts.
        language: ref Language => "language";
    }

    /// Adds a `<Prompt>` replacing one of the built-in prompts.
    pub fn prompt(mut self, prompt: Prompt) -> Self {
        self.node.push_node(prompt.into_node());
        self
    }

    /// Adds a `<Parameter>` passed to the payment connector.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.node.push_node(parameter.into_node());
        self
    }
}

impl Default for Pay {
    fn default() -> Self {
        Self::new()
    }
}

element! {
    /// `<Prompt>`: what `<Pay>` says at one step, with `<Say>`, `<Play>` and
    /// `<Pause>`.
    Prompt
}

impl Prompt {
    /// An empty `<Prompt>`; choose its step with [`for_`](Self::for_).
    pub fn new() -> Self {
        Self {
            node: Node::new("Prompt"),
        }
    }

    setters! {
        /// `for`: the step this prompt replaces.
        for_: PromptFor => "for";
        /// `errorType`: only after these errors.
        error_type: events PayErrorType => "errorType";
        /// `cardType`: only for these cards.
        card_type: events CardType => "cardType";
        /// `attempt`: only at these attempts (1, 2, ...).
        attempt: events u32 => "attempt";
        /// `requireMatchingInputs`: ask again and compare.
        require_matching_inputs: bool => "requireMatchingInputs";
    }

    /// Appends `<Say>`, `<Play>` or `<Pause>`.
    pub fn push(mut self, content: impl PromptContent) -> Self {
        self.node.push_node(content.into_node());
        self
    }

    /// Appends a `<Say>`.
    pub fn say(self, say: Say) -> Self {
        self.push(say)
    }

    /// Appends a `<Play>`.
    pub fn play(self, play: Play) -> Self {
        self.push(play)
    }

    /// Appends a `<Pause>`.
    pub fn pause(self, pause: Pause) -> Self {
        self.push(pause)
    }
}

impl Default for Prompt {
    fn default() -> Self {
        Self::new()
    }
}

attr_enum! {
    /// `<Pay input>`.
    pub enum PayInput {
        /// `dtmf`: keypad entry.
        Dtmf => "dtmf",
    }
}

attr_enum! {
    /// `<Pay paymentMethod>`.
    pub enum PaymentMethod {
        /// `credit-card`.
        CreditCard => "credit-card",
        /// `ach-debit`.
        AchDebit => "ach-debit",
    }
}

attr_enum! {
    /// `<Pay bankAccountType>`.
    pub enum BankAccountType {
        /// `consumer-checking`.
        ConsumerChecking => "consumer-checking",
        /// `consumer-savings`.
        ConsumerSavings => "consumer-savings",
        /// `commercial-checking`.
        CommercialChecking => "commercial-checking",
    }
}

attr_enum! {
    /// `<Pay tokenType>`.
    pub enum TokenType {
        /// `one-time`.
        OneTime => "one-time",
        /// `reusable`.
        Reusable => "reusable",
        /// `payment-method`.
        PaymentMethod => "payment-method",
    }
}

attr_enum! {
    /// A card brand (`validCardTypes`, `<Prompt cardType>`).
    pub enum CardType {
        /// `visa`.
        Visa => "visa",
        /// `mastercard`.
        Mastercard => "mastercard",
        /// `amex`.
        Amex => "amex",
        /// `maestro`.
        Maestro => "maestro",
        /// `discover`.
        Discover => "discover",
        /// `optima`.
        Optima => "optima",
        /// `jcb`.
        Jcb => "jcb",
        /// `diners-club`.
        DinersClub => "diners-club",
        /// `enroute`.
        Enroute => "enroute",
    }
}

attr_enum! {
    /// `<Prompt for>`: a step of `<Pay>`.
    pub enum PromptFor {
        /// `payment-card-number`.
        PaymentCardNumber => "payment-card-number",
        /// `expiration-date`.
        ExpirationDate => "expiration-date",
        /// `security-code`.
        SecurityCode => "security-code",
        /// `postal-code`.
        PostalCode => "postal-code",
        /// `payment-processing`.
        PaymentProcessing => "payment-processing",
        /// `bank-account-number`.
        BankAccountNumber => "bank-account-number",
        /// `bank-routing-number`.
        BankRoutingNumber => "bank-routing-number",
    }
}

attr_enum! {
    /// `<Prompt errorType>`: an input error of `<Pay>`.
    pub enum PayErrorType {
        /// `timeout`.
        Timeout => "timeout",
        /// `invalid-card-number`.
        InvalidCardNumber => "invalid-card-number",
        /// `invalid-card-type`.
        InvalidCardType => "invalid-card-type",
        /// `invalid-date`.
        InvalidDate => "invalid-date",
        /// `invalid-security-code`.
        InvalidSecurityCode => "invalid-security-code",
        /// `invalid-postal-code`.
        InvalidPostalCode => "invalid-postal-code",
        /// `invalid-bank-routing-number`.
        InvalidBankRoutingNumber => "invalid-bank-routing-number",
        /// `invalid-bank-account-number`.
        InvalidBankAccountNumber => "invalid-bank-account-number",
        /// `input-matching-failed`.
        InputMatchingFailed => "input-matching-failed",
        /// `internal-error`.
        InternalError => "internal-error",
    }
}
