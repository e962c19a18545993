//! `IntoFuture` for request builders, so `client.send_sms(to, text).await`
//! works as well as `.send().await` (twilight-http's pattern).

/// Implements [`IntoFuture`](std::future::IntoFuture) for a builder whose
/// `send(self)` is an `async fn` returning `Result<$output, Error>`.
///
/// `into_future!(SendMessage => Message);` or, for a generic builder,
/// `into_future!([A: Bound] UpdateCall<A> => Call);`.
macro_rules! into_future {
    ([$($generics:tt)*] $builder:ty => $output:ty) => {
        impl<$($generics)*> ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$output, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<
                ::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + Send>,
            >;

            /// Sends the request, as `send()` does.
            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    };
    ($builder:ty => $output:ty) => {
        $crate::http::into_future::into_future!([] $builder => $output);
    };
}
pub(crate) use into_future;
