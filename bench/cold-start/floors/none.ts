// Floor of a function that reaches no AWS service: nothing but the bundle's own banner.
export {};
